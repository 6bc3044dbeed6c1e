#!/usr/bin/env python3
"""Tutorial 1, "Hello World!": sends one message to the queue "hello"."""
import warren_env

connection = warren_env.connect()
channel = connection.channel()

# Declaring is idempotent; whichever program runs first creates the queue.
channel.queue_declare(queue='hello')

# The default exchange ('') routes a message to the queue named by its routing key.
channel.basic_publish(exchange='', routing_key='hello', body='Hello World!')
print(" [x] Sent 'Hello World!'", flush=True)
connection.close()
