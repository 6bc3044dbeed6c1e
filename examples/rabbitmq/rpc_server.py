#!/usr/bin/env python3
"""Tutorial 6, RPC: answers Fibonacci requests from the queue "rpc_queue".

The reply goes to the queue named in the request's reply_to property and carries the request's
correlation_id, so the client can match it to its question.
"""
import pika

import warren_env


def fib(n):
    # Deliberately slow, to stand in for real work.
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def main():
    connection = warren_env.connect()
    channel = connection.channel()
    channel.queue_declare(queue='rpc_queue')
    # Several servers can share the queue; each takes one request at a time.
    channel.basic_qos(prefetch_count=1)
    stop = warren_env.AutoStop(connection, channel)

    def on_request(ch, method, props, body):
        n = int(body)
        print(f' [.] fib({n})', flush=True)
        response = fib(n)
        ch.basic_publish(
            exchange='',
            routing_key=props.reply_to,
            properties=pika.BasicProperties(correlation_id=props.correlation_id),
            body=str(response))
        ch.basic_ack(delivery_tag=method.delivery_tag)
        stop.message_handled()

    channel.basic_consume(queue='rpc_queue', on_message_callback=on_request)
    print(' [x] Awaiting RPC requests', flush=True)
    channel.start_consuming()
    connection.close()


if __name__ == '__main__':
    warren_env.run(main)
