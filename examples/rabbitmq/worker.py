#!/usr/bin/env python3
"""Tutorial 2, work queues: takes tasks from "task_queue", one at a time, and acknowledges each
only when it is done, so a task held by a worker that dies goes to another worker."""
import time

import warren_env


def main():
    connection = warren_env.connect()
    channel = connection.channel()
    channel.queue_declare(queue='task_queue', durable=True)

    # Fair dispatch: no new task for this worker until it has acknowledged the previous one.
    channel.basic_qos(prefetch_count=1)
    stop = warren_env.AutoStop(connection, channel)

    def on_message(ch, method, properties, body):
        task = body.decode()
        print(f' [x] Received {task!r}', flush=True)
        time.sleep(task.count('.'))
        print(' [x] Done', flush=True)
        ch.basic_ack(delivery_tag=method.delivery_tag)
        stop.message_handled()

    channel.basic_consume(queue='task_queue', on_message_callback=on_message)
    print(' [*] Waiting for messages. To exit press CTRL+C', flush=True)
    channel.start_consuming()
    connection.close()


if __name__ == '__main__':
    warren_env.run(main)
