#!/usr/bin/env python3
"""Tutorial 3, publish/subscribe: prints every message broadcast on the fanout exchange "logs"."""
import warren_env


def main():
    connection = warren_env.connect()
    channel = connection.channel()
    channel.exchange_declare(exchange='logs', exchange_type='fanout')

    # A fresh queue with a server-chosen name, deleted when this connection closes.
    result = channel.queue_declare(queue='', exclusive=True)
    queue_name = result.method.queue
    channel.queue_bind(exchange='logs', queue=queue_name)
    stop = warren_env.AutoStop(connection, channel)

    def on_message(ch, method, properties, body):
        print(f' [x] Received {body.decode()!r}', flush=True)
        stop.message_handled()

    channel.basic_consume(queue=queue_name, on_message_callback=on_message, auto_ack=True)
    print(' [*] Waiting for logs. To exit press CTRL+C', flush=True)
    channel.start_consuming()
    connection.close()


if __name__ == '__main__':
    warren_env.run(main)
