#!/usr/bin/env python3
"""Tutorial 5, topics: prints the messages from "topic_logs" whose routing key matches a pattern.

Usage: receive_logs_topic.py BINDING_KEY...
  '*' matches exactly one dot-separated word, '#' matches zero or more words:
  receive_logs_topic.py "kern.*" "*.critical"     receive_logs_topic.py "#"
"""
import sys

import warren_env


def main():
    binding_keys = sys.argv[1:]
    if not binding_keys:
        sys.stderr.write(f'Usage: {sys.argv[0]} [binding_key]...\n')
        sys.exit(1)

    connection = warren_env.connect()
    channel = connection.channel()
    channel.exchange_declare(exchange='topic_logs', exchange_type='topic')
    queue_name = channel.queue_declare(queue='', exclusive=True).method.queue
    for binding_key in binding_keys:
        channel.queue_bind(exchange='topic_logs', queue=queue_name, routing_key=binding_key)
    stop = warren_env.AutoStop(connection, channel)

    def on_message(ch, method, properties, body):
        print(f' [x] {method.routing_key!r}:{body.decode()!r}', flush=True)
        stop.message_handled()

    channel.basic_consume(queue=queue_name, on_message_callback=on_message, auto_ack=True)
    print(' [*] Waiting for logs. To exit press CTRL+C', flush=True)
    channel.start_consuming()
    connection.close()


if __name__ == '__main__':
    warren_env.run(main)
