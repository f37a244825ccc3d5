"""A small Language Server Protocol client, as an editor drives a server.

Python 3 standard library only. It starts a server as a child process,
speaks JSON-RPC 2.0 over its standard input and output (each message framed
by a `Content-Length` header), answers the few requests a server sends its
client (`workspace/configuration`, capability registration, progress), and
keeps the diagnostics the server publishes for each document.

Used by `scripts/check-editor.py` to drive `yaml-language-server` over the
fixtures; see that script for what is checked.
"""

import json
import os
import queue
import subprocess
import threading
import time
from pathlib import Path


class ServerError(Exception):
    """The server answered a request with an error, or stopped answering."""


class Client:
    """One running language server.

    `command` is the server's command line; `settings` is what the client
    answers to `workspace/configuration` (a section name such as `yaml` to its
    settings) and sends with `workspace/didChangeConfiguration`.
    """

    def __init__(self, command, root, settings, timeout=30.0):
        self.timeout = timeout
        self.settings = settings
        self.process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self.next_id = 0
        self.responses = {}
        # Per document: how many times the server published diagnostics for
        # it, and the latest. The server gives no version with them, so a
        # wait counts publications instead.
        self.diagnostics = {}
        self.published = {}
        self.seen = {}
        self.current = {}
        self.last_version = {}
        self.changed = threading.Condition()
        self.log = []
        self.versions = {}
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._drain_stderr, daemon=True).start()
        root_uri = Path(root).resolve().as_uri()
        self.request(
            "initialize",
            {
                "processId": os.getpid(),
                "rootUri": root_uri,
                "workspaceFolders": [{"uri": root_uri, "name": Path(root).name}],
                "capabilities": {
                    "workspace": {"configuration": True, "workspaceFolders": True},
                    "textDocument": {
                        "synchronization": {"didSave": True},
                        "hover": {"contentFormat": ["markdown", "plaintext"]},
                        "completion": {
                            "completionItem": {
                                "snippetSupport": True,
                                "documentationFormat": ["markdown", "plaintext"],
                            }
                        },
                        "codeAction": {
                            "codeActionLiteralSupport": {
                                "codeActionKind": {"valueSet": ["quickfix", "refactor", ""]}
                            }
                        },
                        "publishDiagnostics": {"relatedInformation": True},
                    },
                },
                "initializationOptions": {},
            },
        )
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": settings})

    # -- framing ---------------------------------------------------------

    def _send(self, message):
        body = json.dumps(message).encode("utf-8")
        header = f"Content-Length: {len(body)}\r\n\r\n".encode("ascii")
        self.process.stdin.write(header + body)
        self.process.stdin.flush()

    def _read(self):
        stream = self.process.stdout
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    with self.changed:
                        self.changed.notify_all()
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            if length is None:
                continue
            message = json.loads(stream.read(length).decode("utf-8"))
            self._handle(message)

    def _drain_stderr(self):
        for line in self.process.stderr:
            self.log.append(line.decode("utf-8", "replace"))

    def _handle(self, message):
        if "method" in message and "id" in message:
            self._send({"jsonrpc": "2.0", "id": message["id"], "result": self._answer(message)})
            return
        with self.changed:
            if "id" in message:
                self.responses[message["id"]] = message
            elif message.get("method") == "textDocument/publishDiagnostics":
                params = message["params"]
                self.diagnostics[params["uri"]] = params["diagnostics"]
                self.published[params["uri"]] = self.published.get(params["uri"], 0) + 1
            elif message.get("method") == "window/logMessage":
                self.log.append(message["params"].get("message", ""))
            self.changed.notify_all()

    def _answer(self, request):
        """What this client answers to a request from the server."""
        if request["method"] == "workspace/configuration":
            return [self.settings.get(item.get("section", ""), None) for item in request["params"]["items"]]
        return None

    # -- requests --------------------------------------------------------

    def request(self, method, params):
        """Sends a request and waits for its result."""
        self.next_id += 1
        ident = self.next_id
        self._send({"jsonrpc": "2.0", "id": ident, "method": method, "params": params})
        deadline = time.monotonic() + self.timeout
        with self.changed:
            while ident not in self.responses:
                left = deadline - time.monotonic()
                if left <= 0 or self.process.poll() is not None:
                    raise ServerError(f"no answer to {method} within {self.timeout} s")
                self.changed.wait(left)
            response = self.responses.pop(ident)
        if "error" in response:
            raise ServerError(f"{method}: {response['error']}")
        return response.get("result")

    def notify(self, method, params):
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    # -- documents -------------------------------------------------------

    def open(self, path, text=None):
        """Opens a document as an editor does and returns its URI.

        `text` replaces the file's contents in the editor's buffer (the file on
        disk is only read when `text` is None), so a broken copy can be checked
        at the place of the original, where its modeline's relative schema path
        still leads to the schema.
        """
        path = Path(path).resolve()
        uri = path.as_uri()
        if text is None:
            text = path.read_text(encoding="utf-8")
        with self.changed:
            self.seen[uri] = self.published.get(uri, 0)
        # Versions only grow, also across a close and a reopening: the server
        # caches parsed documents by URI and version.
        version = self.last_version.get(uri, 0) + 1
        self.last_version[uri] = version
        if uri in self.versions:
            self.versions[uri] = version
            self.notify(
                "textDocument/didChange",
                {
                    "textDocument": {"uri": uri, "version": self.versions[uri]},
                    "contentChanges": [{"text": text}],
                },
            )
        else:
            self.versions[uri] = version
            self.notify(
                "textDocument/didOpen",
                {"textDocument": {"uri": uri, "languageId": "yaml", "version": version, "text": text}},
            )
        self.current[uri] = self._next_diagnostics(uri)
        return uri

    def close(self, uri):
        """Closes a document and waits for the server to clear its diagnostics."""
        self.versions.pop(uri, None)
        with self.changed:
            self.seen[uri] = self.published.get(uri, 0)
        self.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        self._next_diagnostics(uri)
        self.current.pop(uri, None)

    def wait_diagnostics(self, uri):
        """The diagnostics the server published for the document's text as
        last opened or changed (`open` waits for them: the server validates
        each text once, after a short delay, and sends no version)."""
        return self.current[uri]

    def _next_diagnostics(self, uri):
        """Waits for the server's next publication of diagnostics for `uri`."""
        deadline = time.monotonic() + self.timeout
        with self.changed:
            while self.published.get(uri, 0) <= self.seen.get(uri, 0):
                left = deadline - time.monotonic()
                if left <= 0 or self.process.poll() is not None:
                    raise ServerError(f"no diagnostics for {uri} within {self.timeout} s")
                self.changed.wait(left)
            self.seen[uri] = self.published[uri]
            return self.diagnostics[uri]

    def hover(self, uri, line, character):
        return self.request(
            "textDocument/hover",
            {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}},
        )

    def completion(self, uri, line, character):
        result = self.request(
            "textDocument/completion",
            {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}},
        )
        if isinstance(result, dict):
            return result.get("items", [])
        return result or []

    def code_actions(self, uri, diagnostics):
        """The code actions offered for the given diagnostics (their ranges)."""
        actions = []
        for diagnostic in diagnostics:
            actions += self.request(
                "textDocument/codeAction",
                {
                    "textDocument": {"uri": uri},
                    "range": diagnostic["range"],
                    "context": {"diagnostics": [diagnostic], "only": ["quickfix"]},
                },
            ) or []
        return actions

    def shutdown(self):
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            self.process.wait(timeout=5)
        except (ServerError, subprocess.TimeoutExpired, BrokenPipeError):
            self.process.kill()
            self.process.wait()
