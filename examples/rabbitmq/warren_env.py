"""Settings shared by the tutorial programs in this directory.

Environment variables:
  WARREN_HOST   broker host: "localhost" (default) or "127.0.0.1". The examples only ever
                talk to a broker on this machine.
  AMQP_PORT     broker AMQP port (default 5672).
  EXIT_AFTER    receiving programs stop by themselves after this many messages
                (default: keep running until Ctrl+C, as in the tutorial).
  IDLE_TIMEOUT  receiving programs stop after this many seconds without a message;
                rpc_client.py gives up after waiting this long for its reply (default: wait forever).
"""
import os
import sys

import pika

LOCAL_HOSTS = ('localhost', '127.0.0.1')


def _number(name, kind):
    value = os.environ.get(name)
    if value in (None, ''):
        return None
    try:
        return kind(value)
    except ValueError:
        sys.exit(f'{name} must be a number, not {value!r}')


def connection_parameters():
    host = os.environ.get('WARREN_HOST', 'localhost')
    if host not in LOCAL_HOSTS:
        sys.exit(f'WARREN_HOST must be one of {", ".join(LOCAL_HOSTS)}, not {host!r}')
    port = _number('AMQP_PORT', int) or 5672
    return pika.ConnectionParameters(host=host, port=port)


def connect():
    """A blocking connection to the broker named by WARREN_HOST and AMQP_PORT, as guest/guest."""
    return pika.BlockingConnection(connection_parameters())


def idle_timeout():
    return _number('IDLE_TIMEOUT', float)


class AutoStop:
    """Ends channel.start_consuming() after EXIT_AFTER messages or IDLE_TIMEOUT quiet seconds.

    Without those variables it does nothing and the program runs until interrupted.
    Call message_handled() at the end of the message callback.
    """

    def __init__(self, connection, channel):
        self._connection = connection
        self._channel = channel
        self._remaining = _number('EXIT_AFTER', int)
        self._idle = idle_timeout()
        self._timer = None
        self._arm()

    def message_handled(self):
        if self._remaining is not None:
            self._remaining -= 1
            if self._remaining <= 0:
                self._channel.stop_consuming()
                return
        self._arm()

    def _arm(self):
        if self._idle is None:
            return
        if self._timer is not None:
            self._connection.remove_timeout(self._timer)
        self._timer = self._connection.call_later(self._idle, self._on_idle)

    def _on_idle(self):
        print(f' [*] No message for {self._idle:g} s, exiting', flush=True)
        self._channel.stop_consuming()


def run(main):
    """Runs main(), turning Ctrl+C into a quiet exit."""
    try:
        main()
    except KeyboardInterrupt:
        print(' [*] Interrupted', flush=True)
        sys.exit(0)
