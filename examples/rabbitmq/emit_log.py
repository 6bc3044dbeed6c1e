#!/usr/bin/env python3
"""Tutorial 3, publish/subscribe: broadcasts a log message through the fanout exchange "logs".

Usage: emit_log.py [MESSAGE...]
"""
import sys

import warren_env

message = ' '.join(sys.argv[1:]) or 'info: Hello World!'

connection = warren_env.connect()
channel = connection.channel()
channel.exchange_declare(exchange='logs', exchange_type='fanout')

# A fanout exchange ignores the routing key and copies the message to every bound queue.
channel.basic_publish(exchange='logs', routing_key='', body=message)
print(f' [x] Sent {message!r}', flush=True)
connection.close()
