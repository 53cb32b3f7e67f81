"""Exit with a message naming the port when HOST:PORT is already taken, so `make run` stops first."""

import errno
import socket
import sys


def main(host, port):
    """Bind HOST:PORT as runserver would, and report whether that failed."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, int(port), type=socket.SOCK_STREAM)[0]
    except (OSError, ValueError) as error:
        return f"make run: cannot serve on {host}:{port}: {error}"
    with socket.socket(family, kind, proto) as sock:
        # runserver sets SO_REUSEADDR too: a port left in TIME_WAIT by a stopped server is free to it.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(address)
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                return (
                    f"make run: port {port} is already in use on {host}; "
                    f"stop what serves there or choose another port, e.g. make run PORT={int(port) + 1}"
                )
            return f"make run: cannot serve on {host}:{port}: {error.strerror}"
    return None


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
