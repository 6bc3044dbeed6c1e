#!/usr/bin/env python3
"""Tutorial 1, "Hello World!": prints every message arriving on the queue "hello"."""
import warren_env


def main():
    connection = warren_env.connect()
    channel = connection.channel()
    channel.queue_declare(queue='hello')
    stop = warren_env.AutoStop(connection, channel)

    def on_message(ch, method, properties, body):
        print(f' [x] Received {body.decode()!r}', flush=True)
        stop.message_handled()

    channel.basic_consume(queue='hello', on_message_callback=on_message, auto_ack=True)
    print(' [*] Waiting for messages. To exit press CTRL+C', flush=True)
    channel.start_consuming()
    connection.close()


if __name__ == '__main__':
    warren_env.run(main)
