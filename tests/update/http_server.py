#!/usr/bin/env python3
"""Test HTTP server for src/update tests. Never talks to the internet.

Usage: http_server.py --root FOLDER
Binds 127.0.0.1 on a free port (port 0), prints "PORT <n>" on stdout, and serves until
stdin reaches EOF (so it dies with the test process) or it receives SIGTERM.

Routes (all GET):
  /files/<path>         file under --root (symlinks followed), with a strong ETag
                        (sha256 of the content) and Last-Modified (mtime); answers 304
                        to a matching If-None-Match, or, without If-None-Match, to an
                        If-Modified-Since not older than the mtime
  /nolength/<path>      the same file, no Content-Length, no validators, ended by close
  /truncate/<path>      announces the full Content-Length, sends half, closes
  /garbage              200 with 4096 bytes of binary junk
  /slow                 announces 100000 bytes, sends 1 byte every 0.2 s
  /redirect/<n>/<rest>  302 to /redirect/<n-1>/<rest>, and at n=1 to /<rest>
  /big/<n>              n bytes of 'A' with Content-Length
  /bignolength/<n>      n bytes of 'A' without Content-Length
  /status/<code>        an empty answer with that status
  /log                  JSON list of the requests seen so far:
                        {"path", "if_none_match", "if_modified_since", "status"}
"""
import argparse
import email.utils
import hashlib
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOG = []
LOG_LOCK = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    root = "."

    def log_message(self, fmt, *args):  # keep test output quiet
        pass

    def record(self, status):
        with LOG_LOCK:
            LOG.append({
                "path": self.path,
                "if_none_match": self.headers.get("If-None-Match", ""),
                "if_modified_since": self.headers.get("If-Modified-Since", ""),
                "status": status,
            })

    def send_body(self, status, body, headers=None, length=True):
        self.record(status)
        self.send_response(status)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def file_path(self, rel):
        path = os.path.realpath(os.path.join(self.root, rel))
        if not os.path.isfile(path):
            return None
        return path

    def do_GET(self):
        parts = self.path.split("/", 2)
        route = parts[1] if len(parts) > 1 else ""
        rest = parts[2] if len(parts) > 2 else ""
        try:
            handler = getattr(self, "route_" + route, None)
            if handler is None:
                self.send_body(404, b"no such route\n")
            else:
                handler(rest)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def route_files(self, rest):
        path = self.file_path(rest)
        if path is None:
            return self.send_body(404, b"not found\n")
        with open(path, "rb") as f:
            body = f.read()
        mtime = int(os.stat(path).st_mtime)
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        last_modified = email.utils.formatdate(mtime, usegmt=True)
        headers = {"ETag": etag, "Last-Modified": last_modified}
        inm = self.headers.get("If-None-Match")
        ims = self.headers.get("If-Modified-Since")
        if inm is not None:
            if inm == etag:
                return self.send_body(304, b"", headers, length=False)
        elif ims is not None:
            try:
                since = email.utils.parsedate_to_datetime(ims).timestamp()
                if mtime <= since:
                    return self.send_body(304, b"", headers, length=False)
            except (TypeError, ValueError):
                pass
        self.send_body(200, body, headers)

    def route_nolength(self, rest):
        path = self.file_path(rest)
        if path is None:
            return self.send_body(404, b"not found\n")
        with open(path, "rb") as f:
            body = f.read()
        self.close_connection = True
        self.send_body(200, body, length=False)

    def route_truncate(self, rest):
        path = self.file_path(rest)
        if path is None:
            return self.send_body(404, b"not found\n")
        with open(path, "rb") as f:
            body = f.read()
        self.record(200)
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body[: len(body) // 2])
        self.wfile.flush()
        self.close_connection = True

    def route_garbage(self, rest):
        junk = bytes((i * 37 + 11) % 256 for i in range(4096))
        self.send_body(200, junk)

    def route_slow(self, rest):
        self.record(200)
        self.send_response(200)
        self.send_header("Content-Length", "100000")
        self.end_headers()
        for _ in range(100000):
            self.wfile.write(b"1")
            self.wfile.flush()
            time.sleep(0.2)

    def route_redirect(self, rest):
        count, _, target = rest.partition("/")
        n = int(count) if count.isdigit() else 1
        location = "/redirect/%d/%s" % (n - 1, target) if n > 1 else "/" + target
        self.send_body(302, b"", {"Location": location})

    def route_big(self, rest):
        self.send_body(200, b"A" * int(rest))

    def route_bignolength(self, rest):
        self.close_connection = True
        self.send_body(200, b"A" * int(rest), length=False)

    def route_status(self, rest):
        self.send_body(int(rest), b"")

    def route_log(self, rest):
        with LOG_LOCK:
            body = json.dumps(LOG).encode()
        self.send_body(200, body, {"Content-Type": "application/json"})


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", required=True)
    args = parser.parse_args()
    Handler.root = os.path.realpath(args.root)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print("PORT %d" % server.server_address[1], flush=True)

    def watch_stdin():
        sys.stdin.buffer.read()  # returns at EOF: the test process is gone
        os._exit(0)

    threading.Thread(target=watch_stdin, daemon=True).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
