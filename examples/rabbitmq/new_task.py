#!/usr/bin/env python3
"""Tutorial 2, work queues: sends a task to the durable queue "task_queue".

Usage: new_task.py [MESSAGE...]   (each '.' in the message is one second of work for the worker)
"""
import sys

import pika

import warren_env

message = ' '.join(sys.argv[1:]) or 'Hello World!'

connection = warren_env.connect()
channel = connection.channel()

# A durable queue survives a broker restart ...
channel.queue_declare(queue='task_queue', durable=True)

# ... and so does a message marked persistent (delivery_mode 2).
channel.basic_publish(
    exchange='',
    routing_key='task_queue',
    body=message,
    properties=pika.BasicProperties(delivery_mode=pika.spec.PERSISTENT_DELIVERY_MODE))
print(f' [x] Sent {message!r}', flush=True)
connection.close()
