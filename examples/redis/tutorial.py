"""The classic redis-py usage against Warren: a connection pool, strings and hashes, a pipeline,
a transaction with WATCH, a list used as a queue, and pub/sub. Exits non-zero on any mismatch.

Usage: python3 tutorial.py PORT
"""
import sys
import time

import redis

port = int(sys.argv[1])
pool = redis.ConnectionPool(host="127.0.0.1", port=port, db=0, decode_responses=True)
r = redis.Redis(connection_pool=pool)

assert r.ping() is True
r.flushdb()

# strings and expiry
assert r.set("greeting", "hello") is True
assert r.get("greeting") == "hello"
assert r.set("temp", "x", ex=100) is True
assert 0 < r.ttl("temp") <= 100
assert r.incr("visits") == 1
assert r.incrby("visits", 10) == 11

# hashes
r.hset("user:1", mapping={"name": "Ada", "lang": "en"})
assert r.hgetall("user:1") == {"name": "Ada", "lang": "en"}
assert r.hincrby("user:1", "logins", 1) == 1

# a pipeline (transactional by default: MULTI/EXEC)
pipe = r.pipeline()
pipe.set("a", 1).incr("a").get("a")
assert pipe.execute() == [True, 2, "2"]

# a non-transactional pipeline
pipe = r.pipeline(transaction=False)
for i in range(100):
    pipe.rpush("numbers", i)
results = pipe.execute()
assert results[-1] == 100

# optimistic locking with WATCH
with r.pipeline() as pipe:
    pipe.watch("balance")
    current = int(pipe.get("balance") or 0)
    pipe.multi()
    pipe.set("balance", current + 50)
    assert pipe.execute() == [True]
assert r.get("balance") == "50"

# a list as a work queue
r.lpush("jobs", "job-1", "job-2")
assert r.brpop("jobs", timeout=1) == ("jobs", "job-1")
assert r.rpop("jobs") == "job-2"
assert r.blpop("jobs", timeout=0.1) is None

# sets and sorted sets
r.sadd("tags", "a", "b", "c")
assert r.smembers("tags") == {"a", "b", "c"}
r.zadd("scores", {"alice": 10, "bob": 20, "carol": 15})
assert r.zrange("scores", 0, -1, withscores=True) == [("alice", 10.0), ("carol", 15.0), ("bob", 20.0)]
assert r.zrevrank("scores", "bob") == 0

# pub/sub
p = r.pubsub()
p.subscribe("news")
msg = p.get_message(timeout=5)
assert msg["type"] == "subscribe", msg
assert r.publish("news", "hello") == 1
deadline = time.time() + 5
msg = None
while msg is None and time.time() < deadline:
    msg = p.get_message(timeout=1)
assert msg is not None and msg["type"] == "message" and msg["data"] == "hello", msg
p.psubscribe("n*")
while True:
    m = p.get_message(timeout=5)
    assert m is not None
    if m["type"] == "psubscribe":
        break
assert r.publish("news", "again") == 2
p.close()

# errors come back as Redis errors
try:
    r.lpush("greeting", "x")
    raise SystemExit("expected WRONGTYPE")
except redis.exceptions.ResponseError as e:
    assert str(e).startswith("WRONGTYPE"), e

print("redis-py tutorial OK")
