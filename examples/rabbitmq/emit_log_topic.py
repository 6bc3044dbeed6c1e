#!/usr/bin/env python3
"""Tutorial 5, topics: sends a log message to the topic exchange "topic_logs".

Usage: emit_log_topic.py [ROUTING.KEY] [MESSAGE...]   e.g. emit_log_topic.py kern.critical "A critical kernel error"
"""
import sys

import warren_env

routing_key = sys.argv[1] if len(sys.argv) > 1 else 'anonymous.info'
message = ' '.join(sys.argv[2:]) or 'Hello World!'

connection = warren_env.connect()
channel = connection.channel()
channel.exchange_declare(exchange='topic_logs', exchange_type='topic')
channel.basic_publish(exchange='topic_logs', routing_key=routing_key, body=message)
print(f' [x] Sent {routing_key!r}:{message!r}', flush=True)
connection.close()
