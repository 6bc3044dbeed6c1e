#!/usr/bin/env python3
"""Tutorial 4, routing: sends a log message with a severity to the direct exchange "direct_logs".

Usage: emit_log_direct.py [SEVERITY] [MESSAGE...]   (SEVERITY defaults to "info")
"""
import sys

import warren_env

severity = sys.argv[1] if len(sys.argv) > 1 else 'info'
message = ' '.join(sys.argv[2:]) or 'Hello World!'

connection = warren_env.connect()
channel = connection.channel()
channel.exchange_declare(exchange='direct_logs', exchange_type='direct')

# A direct exchange delivers to the queues bound with exactly this routing key.
channel.basic_publish(exchange='direct_logs', routing_key=severity, body=message)
print(f' [x] Sent {severity!r}:{message!r}', flush=True)
connection.close()
