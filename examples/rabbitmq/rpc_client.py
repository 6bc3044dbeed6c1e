#!/usr/bin/env python3
"""Tutorial 6, RPC: asks rpc_server.py for fib(N) and waits for the answer.

Usage: rpc_client.py [N]   (default 30)
"""
import sys
import time
import uuid

import pika

import warren_env


class FibonacciRpcClient:
    def __init__(self):
        self.connection = warren_env.connect()
        self.channel = self.connection.channel()

        # A private, server-named queue for the replies to this client.
        result = self.channel.queue_declare(queue='', exclusive=True)
        self.callback_queue = result.method.queue
        self.channel.basic_consume(
            queue=self.callback_queue, on_message_callback=self.on_response, auto_ack=True)
        self.response = None
        self.corr_id = None

    def on_response(self, ch, method, props, body):
        # Replies to earlier, abandoned requests are ignored.
        if props.correlation_id == self.corr_id:
            self.response = int(body)

    def call(self, n, timeout=None):
        """Returns fib(n), or None if no reply came within timeout seconds."""
        self.response = None
        self.corr_id = str(uuid.uuid4())
        self.channel.basic_publish(
            exchange='',
            routing_key='rpc_queue',
            properties=pika.BasicProperties(reply_to=self.callback_queue, correlation_id=self.corr_id),
            body=str(n))
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.response is None:
            if deadline is None:
                self.connection.process_data_events(time_limit=None)
            else:
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self.connection.process_data_events(time_limit=left)
        return self.response

    def close(self):
        self.connection.close()


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    client = FibonacciRpcClient()
    print(f' [x] Requesting fib({n})', flush=True)
    response = client.call(n, timeout=warren_env.idle_timeout())
    client.close()
    if response is None:
        print(f' [!] No reply within {warren_env.idle_timeout():g} s', flush=True)
        sys.exit(1)
    print(f' [.] Got {response}', flush=True)


if __name__ == '__main__':
    warren_env.run(main)
