"""
Real SIP for the telephony tests: Kamailio with the project's
configuration (deploy/kamailio/kamailio.cfg) and SIPp (tests/sip/*.xml),
on free loopback UDP ports.

Kamailio runs in the foreground (-DD -E) with a folder of its own for its
runtime files, its pid file and the site file that defines the settings
haven-local.cfg holds in production, so that runs in parallel do not
clash.  Every process is started in its own session and registered with
conftest's safety net, so none outlives the run.
"""
import hashlib
import os
import re
import socket
import subprocess
import time

from conftest import _add_cleanup, _kill_process, _remove_cleanup

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
KAMAILIO_CFG = os.path.join(ROOT, "deploy", "kamailio", "kamailio.cfg")
SCENARIOS = os.path.join(ROOT, "tests", "sip")
KAMAILIO_BIN = "/usr/sbin/kamailio"
SIPP_BIN = "/usr/bin/sipp"

SIP_DOMAIN = "haven.test"


def free_udp_port():
    """A UDP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ha1(user, password, realm=SIP_DOMAIN):
    return hashlib.md5(("%s:%s:%s" % (user, realm, password))
                       .encode()).hexdigest()


def password_of(ext):
    """The test password of extension ext's phone."""
    return "pw-%s-not-secret" % ext


def _cfg_string(value):
    assert '"' not in value and "\n" not in value, value
    return '"%s"' % value


class Kamailio:
    """One Kamailio with the project's configuration.  settings are the
    defines of the site (HAVEN_URL, GATEWAY, ...); strings are quoted
    here, ints left as they are."""

    def __init__(self, folder, haven_url, secret_file, gateway_port,
                 extensions=("101", "102"), **settings):
        self.dir = str(folder)
        os.makedirs(self.dir, exist_ok=True)
        self.run_dir = os.path.join(self.dir, "run")
        os.makedirs(self.run_dir, exist_ok=True)
        self.port = free_udp_port()
        self.log_path = os.path.join(self.dir, "kamailio.log")
        self.proc = None
        self._cleanup = None
        subs = os.path.join(self.dir, "subscribers")
        with open(subs, "w") as f:
            f.write("# extension:realm:HA1\n")
            for ext in extensions:
                f.write("%s:%s:%s\n" % (ext, SIP_DOMAIN,
                                        ha1(ext, password_of(ext))))
        os.chmod(subs, 0o600)
        defines = {
            "LISTEN": "udp:127.0.0.1:%d" % self.port,
            "HAVEN_URL": _cfg_string(haven_url),
            "HAVEN_SECRET_FILE": _cfg_string(secret_file),
            "SUBSCRIBERS_FILE": _cfg_string(subs),
            "SIP_DOMAIN": _cfg_string(SIP_DOMAIN),
            "GATEWAY": _cfg_string("127.0.0.1:%d" % gateway_port),
            "TRUNK_NETS": _cfg_string("127.0.0.1/32"),
            "FALLBACK_EXTENSIONS": _cfg_string("101,102"),
            "FALLBACK_NUMBER": _cfg_string("+48600000100"),
            "RING_TIMEOUT": 8,
            "FORWARD_RING_TIMEOUT": 8,
            "CTL_SOCKET": _cfg_string("unix:" + os.path.join(
                self.run_dir, "ctl")),
            "UDP_CHILDREN": 2,
            "LOG_LEVEL": 2,
        }
        for k, v in settings.items():
            defines[k] = _cfg_string(v) if isinstance(v, str) else v
        self.site_cfg = os.path.join(self.dir, "site.cfg")
        with open(self.site_cfg, "w") as f:
            f.write("#!KAMAILIO\n# The site's settings, as haven-local.cfg "
                    "holds them in production.\n#!define HAVEN_SITE\n")
            for k, v in defines.items():
                f.write("#!define %s %s\n" % (k, v))
            f.write('include_file "%s"\n' % KAMAILIO_CFG)

    def argv(self, *extra):
        return [KAMAILIO_BIN, "-f", self.site_cfg, "-Y", self.run_dir,
                "-P", os.path.join(self.run_dir, "kamailio.pid"),
                "-w", self.run_dir, *extra]

    def check(self):
        """kamailio -c: the configuration parses and fixes up."""
        return subprocess.run(self.argv("-c"), capture_output=True,
                              text=True, timeout=60,
                              stdin=subprocess.DEVNULL)

    @property
    def log(self):
        with open(self.log_path, errors="replace") as f:
            return f.read()

    def start(self, timeout=20):
        with open(self.log_path, "wb") as logf:
            self.proc = subprocess.Popen(
                self.argv("-DD", "-E"), stdout=logf, stderr=logf,
                stdin=subprocess.DEVNULL, start_new_session=True)
        proc = self.proc
        self._cleanup = _add_cleanup(lambda: _kill_process(proc))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                break
            if self._options_ok():
                return self
        rc = self.proc.poll()
        self.stop()
        raise AssertionError("kamailio did not start (exit %r):\n%s"
                             % (rc, self.log))

    def _options_ok(self):
        """An OPTIONS to the server itself is answered 200 once its
        workers run."""
        msg = ("OPTIONS sip:127.0.0.1:{p} SIP/2.0\r\n"
               "Via: SIP/2.0/UDP 127.0.0.1:{lp};branch=z9hG4bK{b}\r\n"
               "Max-Forwards: 70\r\n"
               "From: <sip:probe@127.0.0.1>;tag={b}\r\n"
               "To: <sip:127.0.0.1:{p}>\r\n"
               "Call-ID: probe-{b}@127.0.0.1\r\n"
               "CSeq: 1 OPTIONS\r\n"
               "Content-Length: 0\r\n\r\n")
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.bind(("127.0.0.1", 0))
            s.settimeout(0.2)
            b = "%d%d" % (os.getpid(), time.monotonic_ns())
            s.sendto(msg.format(p=self.port, lp=s.getsockname()[1], b=b)
                     .encode(), ("127.0.0.1", self.port))
            try:
                data = s.recv(4096)
            except (socket.timeout, ConnectionRefusedError):
                time.sleep(0.1)
                return False
        return data.startswith(b"SIP/2.0 200")

    def stop(self):
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, 15)
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                _kill_process(self.proc)
        if self._cleanup is not None:
            _remove_cleanup(self._cleanup)
            self._cleanup = None
        return self.proc.returncode


class Sipp:
    """One SIPp run of a scenario in tests/sip.  Its messages are traced
    to <name>.msg, its unexpected events to <name>.err."""

    def __init__(self, folder, name, scenario, port, remote=None,
                 service=None, keys=None, hold_ms=None, extra=()):
        self.name = name
        self.msg_path = os.path.join(str(folder), name + ".msg")
        self.err_path = os.path.join(str(folder), name + ".err")
        self.out_path = os.path.join(str(folder), name + ".out")
        argv = [SIPP_BIN]
        if remote is not None:
            argv.append(remote)
        argv += ["-sf", os.path.join(SCENARIOS, scenario),
                 "-i", "127.0.0.1", "-p", str(port), "-m", "1",
                 "-nostdin", "-timeout", "40s", "-timeout_error",
                 "-trace_msg", "-message_file", self.msg_path,
                 "-trace_err", "-error_file", self.err_path]
        if service is not None:
            argv += ["-s", service]
        for k, v in (keys or {}).items():
            argv += ["-key", k, v]
        if hold_ms is not None:
            argv += ["-d", str(hold_ms)]
        argv += list(extra)
        self.argv = argv
        self.proc = None
        self._cleanup = None

    def start(self):
        with open(self.out_path, "wb") as out:
            self.proc = subprocess.Popen(
                self.argv, stdout=out, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, start_new_session=True)
        proc = self.proc
        self._cleanup = _add_cleanup(lambda: _kill_process(proc))
        return self

    def wait(self, timeout=45):
        try:
            rc = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            _kill_process(self.proc)
            rc = None
        if self._cleanup is not None:
            _remove_cleanup(self._cleanup)
            self._cleanup = None
        return rc

    def run(self, timeout=45):
        """Start, wait; the exit status (0: the scenario completed)."""
        self.start()
        return self.wait(timeout)

    def kill(self):
        if self.proc is not None:
            _kill_process(self.proc)
        self.wait(5)

    def messages(self):
        """The first lines of every SIP message sent and received."""
        try:
            with open(self.msg_path, errors="replace") as f:
                text = f.read()
        except FileNotFoundError:
            return []
        return re.findall(r"^(?:[A-Z]+ \S+ SIP/2\.0|SIP/2\.0 \d{3}[^\r\n]*)",
                          text, re.M)

    def report(self):
        """What SIPp said, for an assertion message."""
        parts = []
        for p in (self.err_path, self.out_path):
            try:
                with open(p, errors="replace") as f:
                    parts.append(f.read()[-3000:])
            except FileNotFoundError:
                pass
        return "\n".join(parts + ["messages: %r" % self.messages()])


def register(folder, kam, ext, port):
    """Register extension ext's phone, contact 127.0.0.1:port, at kam."""
    s = Sipp(folder, "register-%s-%d" % (ext, kam.port), "phone_register.xml",
             port, remote="127.0.0.1:%d" % kam.port, service=ext,
             keys={"domain": SIP_DOMAIN},
             extra=["-au", ext, "-ap", password_of(ext)])
    rc = s.run(timeout=20)
    assert rc == 0, "registration of %s failed:\n%s\n%s" % (
        ext, s.report(), kam.log[-3000:])
    return s
