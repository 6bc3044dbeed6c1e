#!/usr/bin/env python3
"""Tutorial 4, routing: prints the log messages of the given severities from "direct_logs".

Usage: receive_logs_direct.py SEVERITY...   e.g. receive_logs_direct.py warning error
"""
import sys

import warren_env


def main():
    severities = sys.argv[1:]
    if not severities:
        sys.stderr.write(f'Usage: {sys.argv[0]} [info] [warning] [error]\n')
        sys.exit(1)

    connection = warren_env.connect()
    channel = connection.channel()
    channel.exchange_declare(exchange='direct_logs', exchange_type='direct')
    queue_name = channel.queue_declare(queue='', exclusive=True).method.queue

    # One binding per severity this program wants to see.
    for severity in severities:
        channel.queue_bind(exchange='direct_logs', queue=queue_name, routing_key=severity)
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
