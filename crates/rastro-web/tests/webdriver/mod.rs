//! A small W3C WebDriver client over `ureq`, driving headless Chromium through chromedriver.
//!
//! One chromedriver serves every test of the binary: it is started on first use on a free port
//! of 127.0.0.1, under a small shell that waits on a pipe from this process and ends
//! chromedriver's whole process group (the browsers with it) once the pipe closes, that is when
//! the test binary exits, however it exits. Each test opens its own browser session with a
//! fresh profile; dropping the [`Browser`] ends the session, also when the test panics.
//!
//! When Chromium or chromedriver is missing, [`Browser::open`] says so and returns `None`, so a
//! test can skip; with `RASTRO_REQUIRE_BROWSER=1` (as in CI) it panics instead.

#![allow(dead_code)]

use std::io::Write;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{ChildStdin, Command, Stdio};
use std::sync::{Condvar, Mutex, OnceLock, PoisonError};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// The key under which WebDriver names an element in JSON.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";
/// How long `find` and the `wait_*` helpers wait by default.
pub const WAIT: Duration = Duration::from_secs(15);
/// How often a condition is polled.
const POLL: Duration = Duration::from_millis(50);

const SKIPPED: &str =
    "skipped: chromium/chromedriver not installed (set RASTRO_REQUIRE_BROWSER=1 to require them)";

/// Chromium's flags: headless, as root in a container, with nothing fetched from elsewhere.
const CHROMIUM_FLAGS: [&str; 12] = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--window-size=1280,1000",
    "--lang=en-US",
];

/// Starts chromedriver in a process group of its own and ends that group (chromedriver and every
/// browser it started) when standard input closes: `$1` is chromedriver, `$2` the port.
const LAUNCHER: &str = r#"
if command -v setsid >/dev/null 2>&1; then
  setsid "$1" --port="$2" </dev/null >/dev/null 2>&1 &
else
  "$1" --port="$2" </dev/null >/dev/null 2>&1 &
fi
pid=$!
while read -r _; do :; done
kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
exit 0
"#;

/// A WebDriver error answer, or a failure to reach chromedriver at all.
#[derive(Debug)]
pub struct WdError {
    pub error: String,
    pub message: String,
}

impl std::fmt::Display for WdError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.error, self.message)
    }
}

/// The running chromedriver.
pub struct Driver {
    url: String,
    chromium: PathBuf,
    agent: ureq::Agent,
    /// Held open for the life of the process; its closing tells the launcher to stop.
    _lifeline: Mutex<ChildStdin>,
}

/// Where a program is: the environment variable naming it, else the first of `defaults`, else
/// the first of `names` on the `PATH`.
fn locate(variable: &str, defaults: &[&str], names: &[&str]) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os(variable).filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(path)).filter(|p| p.is_file());
    }
    if let Some(found) = defaults.iter().map(PathBuf::from).find(|p| p.is_file()) {
        return Some(found);
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

fn required() -> bool {
    std::env::var("RASTRO_REQUIRE_BROWSER").is_ok_and(|v| v == "1")
}

/// The shared chromedriver, started on first use; `None` when it is not installed.
pub fn driver() -> Option<&'static Driver> {
    static DRIVER: OnceLock<Result<Driver, String>> = OnceLock::new();
    match DRIVER.get_or_init(start_driver) {
        Ok(driver) => Some(driver),
        Err(missing) if !required() => {
            // Straight to the standard error, past the harness's capture, so the skip shows.
            let line = format!("\n{SKIPPED} [{missing}]\n");
            let _ = std::io::stderr().write_all(line.as_bytes());
            None
        }
        Err(missing) => panic!(
            "RASTRO_REQUIRE_BROWSER=1 but the browser tests cannot run: {missing}. \
             Install Debian's chromium and chromium-driver, or point RASTRO_CHROMIUM and \
             RASTRO_CHROMEDRIVER at the programs."
        ),
    }
}

fn start_driver() -> Result<Driver, String> {
    let chromedriver = locate(
        "RASTRO_CHROMEDRIVER",
        &["/usr/bin/chromedriver"],
        &["chromedriver"],
    )
    .ok_or("no chromedriver (RASTRO_CHROMEDRIVER, /usr/bin/chromedriver or on the PATH)")?;
    let chromium = locate(
        "RASTRO_CHROMIUM",
        &["/usr/bin/chromium"],
        &["chromium", "chromium-browser"],
    )
    .ok_or("no chromium (RASTRO_CHROMIUM, /usr/bin/chromium or on the PATH)")?;
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map_err(|e| format!("no free port: {e}"))?
        .port();
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(LAUNCHER)
        .arg("rastro-chromedriver")
        .arg(&chromedriver)
        .arg(port.to_string())
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("starting {}: {e}", chromedriver.display()))?;
    let lifeline = child.stdin.take().expect("the launcher's standard input");
    let driver = Driver {
        url: format!("http://127.0.0.1:{port}"),
        chromium,
        agent: ureq::AgentBuilder::new()
            .timeout(Duration::from_secs(120))
            .build(),
        _lifeline: Mutex::new(lifeline),
    };
    let started = Instant::now();
    loop {
        let ready = driver
            .agent
            .get(&format!("{}/status", driver.url))
            .call()
            .ok()
            .and_then(|r| r.into_json::<Value>().ok())
            .is_some_and(|status| status["value"]["ready"] == true);
        if ready {
            return Ok(driver);
        }
        if let Ok(Some(status)) = child.try_wait() {
            return Err(format!("chromedriver's launcher ended: {status}"));
        }
        if started.elapsed() > Duration::from_secs(30) {
            // Not a missing program but a broken one: that is a failure even when not required.
            panic!(
                "{} did not answer on port {port} within 30 s",
                chromedriver.display()
            );
        }
        std::thread::sleep(POLL);
    }
}

impl Driver {
    fn call(&self, method: &str, path: &str, body: Option<&Value>) -> Result<Value, WdError> {
        let request = self.agent.request(method, &format!("{}{path}", self.url));
        let answer = match body {
            Some(b) => request.send_json(b),
            None => request.call(),
        };
        let response = match answer {
            Ok(r) => r,
            Err(ureq::Error::Status(_, r)) => r,
            Err(e) => {
                return Err(WdError {
                    error: "transport".into(),
                    message: e.to_string(),
                })
            }
        };
        let json: Value = response.into_json().map_err(|e| WdError {
            error: "unreadable answer".into(),
            message: e.to_string(),
        })?;
        let value = json.get("value").cloned().unwrap_or(Value::Null);
        match value.get("error").and_then(Value::as_str) {
            Some(error) => Err(WdError {
                error: error.to_string(),
                message: value["message"]
                    .as_str()
                    .unwrap_or("")
                    .lines()
                    .next()
                    .unwrap_or("")
                    .to_string(),
            }),
            None => Ok(value),
        }
    }
}

/// At most this many browsers at once, whatever the test harness's thread count: each one is a
/// handful of processes.
fn slots() -> &'static (Mutex<usize>, Condvar) {
    static SLOTS: OnceLock<(Mutex<usize>, Condvar)> = OnceLock::new();
    SLOTS.get_or_init(|| {
        let cpus = std::thread::available_parallelism().map_or(2, |n| n.get());
        (Mutex::new(cpus.clamp(2, 4)), Condvar::new())
    })
}

struct Slot;

impl Slot {
    fn take() -> Slot {
        let (free, freed) = slots();
        let mut free = free.lock().unwrap_or_else(PoisonError::into_inner);
        while *free == 0 {
            free = freed.wait(free).unwrap_or_else(PoisonError::into_inner);
        }
        *free -= 1;
        Slot
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let (free, freed) = slots();
        *free.lock().unwrap_or_else(PoisonError::into_inner) += 1;
        freed.notify_one();
    }
}

/// What a session records besides the page.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Chromium's network events, read back with [`Browser::requests`].
    pub network_log: bool,
}

/// One browser session, ended when dropped.
pub struct Browser {
    driver: &'static Driver,
    session: String,
    /// The site under test, which relative paths are resolved against.
    pub base: String,
    _profile: tempfile::TempDir,
    _slot: Slot,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self
            .driver
            .call("DELETE", &format!("/session/{}", self.session), None);
    }
}

/// An element of the current page.
pub struct Element<'b> {
    browser: &'b Browser,
    pub id: String,
}

impl Browser {
    /// A session on a fresh profile, or `None` (after saying why) to skip the test.
    pub fn open(base: &str) -> Option<Browser> {
        Browser::open_with(base, Options::default())
    }

    pub fn open_with(base: &str, options: Options) -> Option<Browser> {
        let driver = driver()?;
        let slot = Slot::take();
        let profile = tempfile::Builder::new()
            .prefix("rastro-chromium-")
            .tempdir()
            .expect("a profile directory");
        let mut args: Vec<String> = CHROMIUM_FLAGS.iter().map(|f| f.to_string()).collect();
        args.push(format!("--user-data-dir={}", profile.path().display()));
        let mut logging = json!({ "browser": "ALL" });
        if options.network_log {
            logging["performance"] = json!("ALL");
        }
        let capabilities = json!({
            "capabilities": {
                "alwaysMatch": {
                    "browserName": "chrome",
                    "pageLoadStrategy": "normal",
                    "timeouts": { "pageLoad": 60_000, "script": 30_000 },
                    "goog:loggingPrefs": logging,
                    "goog:chromeOptions": {
                        "binary": driver.chromium.to_string_lossy(),
                        "args": args,
                        "prefs": { "intl.accept_languages": "en-US,en" },
                    },
                }
            }
        });
        let created = driver
            .call("POST", "/session", Some(&capabilities))
            .unwrap_or_else(|e| panic!("chromedriver could not start Chromium: {e}"));
        let session = created["sessionId"]
            .as_str()
            .expect("a session id")
            .to_string();
        Some(Browser {
            driver,
            session,
            base: base.trim_end_matches('/').to_string(),
            _profile: profile,
            _slot: slot,
        })
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, WdError> {
        self.driver.call(
            method,
            &format!("/session/{}{path}", self.session),
            body.as_ref(),
        )
    }

    fn must(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.call(method, path, body)
            .unwrap_or_else(|e| panic!("WebDriver {method} {path}: {e} (at {})", self.url()))
    }

    /// Opens `path` (relative to the site, or a whole URL) and waits for it to load.
    pub fn goto(&self, path: &str) {
        let url = if path.starts_with("http://") || path.starts_with("https://") {
            path.to_string()
        } else {
            format!("{}{path}", self.base)
        };
        self.call("POST", "/url", Some(json!({ "url": url })))
            .unwrap_or_else(|e| panic!("opening {url}: {e}"));
    }

    /// The current URL.
    pub fn url(&self) -> String {
        self.call("GET", "/url", None)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }

    /// The current URL's path and query.
    pub fn path(&self) -> String {
        let url = self.url();
        url.strip_prefix(&self.base).unwrap_or(&url).to_string()
    }

    /// Runs `script` as the body of a function with `args` (elements as [`Element::arg`]) and
    /// returns its value; a returned promise is awaited.
    pub fn exec(&self, script: &str, args: &[Value]) -> Value {
        self.call(
            "POST",
            "/execute/sync",
            Some(json!({ "script": script, "args": args })),
        )
        .unwrap_or_else(|e| panic!("script failed at {}: {e}\n{script}", self.url()))
    }

    /// A script's value as a string.
    pub fn exec_str(&self, script: &str) -> String {
        match self.exec(script, &[]) {
            Value::String(s) => s,
            Value::Null => String::new(),
            other => other.to_string(),
        }
    }

    /// The first element matching `css`, waiting for it up to [`WAIT`].
    pub fn find(&self, css: &str) -> Element<'_> {
        self.wait_until(&format!("an element {css}"), WAIT, || self.try_find(css))
    }

    /// The first element matching `css` now, if any.
    pub fn try_find(&self, css: &str) -> Option<Element<'_>> {
        match self.call(
            "POST",
            "/element",
            Some(json!({ "using": "css selector", "value": css })),
        ) {
            Ok(v) => Some(self.element(&v)),
            Err(e) if e.error == "no such element" => None,
            Err(e) => panic!("finding {css} at {}: {e}", self.url()),
        }
    }

    /// Every element matching `css` now.
    pub fn find_all(&self, css: &str) -> Vec<Element<'_>> {
        let found = self.must(
            "POST",
            "/elements",
            Some(json!({ "using": "css selector", "value": css })),
        );
        found
            .as_array()
            .map(|a| a.iter().map(|v| self.element(v)).collect())
            .unwrap_or_default()
    }

    fn element(&self, value: &Value) -> Element<'_> {
        Element {
            browser: self,
            id: value[ELEMENT]
                .as_str()
                .expect("an element reference")
                .to_string(),
        }
    }

    /// Polls `check` until it gives a value, or panics after `timeout` naming `what`.
    pub fn wait_until<T>(
        &self,
        what: &str,
        timeout: Duration,
        mut check: impl FnMut() -> Option<T>,
    ) -> T {
        let started = Instant::now();
        loop {
            if let Some(value) = check() {
                return value;
            }
            if started.elapsed() > timeout {
                panic!(
                    "waited {:?} for {what} at {}",
                    started.elapsed(),
                    self.url()
                );
            }
            std::thread::sleep(POLL);
        }
    }

    /// Waits until the script's value is truthy, and returns it.
    pub fn wait_js(&self, what: &str, script: &str) -> Value {
        self.wait_until(what, WAIT, || {
            let value = self.call(
                "POST",
                "/execute/sync",
                Some(json!({ "script": script, "args": [] })),
            );
            match value {
                Ok(Value::Null) | Ok(Value::Bool(false)) => None,
                Ok(Value::String(s)) if s.is_empty() => None,
                Ok(v) => Some(v),
                // A navigation under way may tear the script's context away: try again.
                Err(_) => None,
            }
        })
    }

    /// Waits for a new document after something that navigates (a click, a form): the old
    /// document is marked first, and the wait ends when an unmarked one has loaded.
    pub fn navigating(&self, action: impl FnOnce()) {
        self.exec("window.__rastroOld = true;", &[]);
        action();
        self.wait_js(
            "the next page to load",
            "return window.__rastroOld === undefined && document.readyState === 'complete';",
        );
    }

    /// Reloads the page as `location.reload()` does and waits for it.
    pub fn reload(&self) {
        self.navigating(|| {
            self.exec("setTimeout(function () { location.reload(); }, 0);", &[]);
        });
    }

    /// Signs in through the sign-in form as `user` with the demo password, and waits for the
    /// page the form leads to.
    pub fn sign_in(&self, user: &str) {
        self.goto("/signin");
        self.find("#signin input[name=user]").send_keys(user);
        self.find("#signin input[name=password]")
            .send_keys(rastro_app::demo::DEMO_PASSWORD);
        self.navigating(|| self.find("#signin button").click());
        let path = self.path();
        assert!(
            !path.starts_with("/signin"),
            "signing in as {user} was refused: still at {path}: {}",
            self.exec_str("return document.querySelector('main').innerText;")
        );
    }

    /// The browser's console and network errors since the last call (chromedriver empties its
    /// buffer when read).
    pub fn severe_logs(&self) -> Vec<String> {
        self.logs("browser")
            .iter()
            .filter(|e| e["level"] == "SEVERE")
            .map(|e| e["message"].as_str().unwrap_or("").to_string())
            .collect()
    }

    fn logs(&self, kind: &str) -> Vec<Value> {
        let logs = self.must("POST", "/se/log", Some(json!({ "type": kind })));
        logs.as_array().cloned().unwrap_or_default()
    }

    /// Every URL a web page asked the network for since the last call (sessions opened with
    /// `network_log`). Requests of the browser's own pages (`chrome://new-tab-page` and the
    /// like, which load before the first navigation) are left out: no web page can make them.
    pub fn requests(&self) -> Vec<String> {
        self.logs("performance")
            .iter()
            .filter_map(|entry| {
                let message: Value = serde_json::from_str(entry["message"].as_str()?).ok()?;
                let message = &message["message"];
                if message["method"] != "Network.requestWillBeSent" {
                    return None;
                }
                let params = &message["params"];
                let document = params["documentURL"].as_str().unwrap_or("");
                let own = ["chrome:", "chrome-untrusted:", "devtools:"];
                if own.iter().any(|scheme| document.starts_with(scheme)) {
                    return None;
                }
                params["request"]["url"].as_str().map(String::from)
            })
            .collect()
    }

    /// Writes a PNG of the window to `<target>/screenshots/<name>.png` and returns its path.
    pub fn screenshot(&self, name: &str) -> PathBuf {
        let encoded = self.must("GET", "/screenshot", None);
        let png = base64_decode(encoded.as_str().expect("a base64 screenshot"))
            .expect("a screenshot in base64");
        assert!(png.starts_with(b"\x89PNG"), "a PNG screenshot");
        let dir = target_dir().join("screenshots");
        std::fs::create_dir_all(&dir).expect("the screenshots directory");
        let path = dir.join(format!("{name}.png"));
        std::fs::File::create(&path)
            .and_then(|mut f| f.write_all(&png))
            .unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
        path
    }
}

impl Element<'_> {
    /// This element as a script argument.
    pub fn arg(&self) -> Value {
        json!({ ELEMENT: self.id })
    }

    pub fn click(&self) {
        self.browser.must(
            "POST",
            &format!("/element/{}/click", self.id),
            Some(json!({})),
        );
    }

    /// Types `text` into the element; for a file input, `text` is the file's absolute path.
    pub fn send_keys(&self, text: &str) {
        self.browser.must(
            "POST",
            &format!("/element/{}/value", self.id),
            Some(json!({ "text": text })),
        );
    }

    /// The element's rendered text.
    pub fn text(&self) -> String {
        self.browser
            .must("GET", &format!("/element/{}/text", self.id), None)
            .as_str()
            .unwrap_or("")
            .to_string()
    }

    /// An attribute's value as written in the page.
    pub fn attr(&self, name: &str) -> Option<String> {
        self.browser
            .must(
                "GET",
                &format!("/element/{}/attribute/{name}", self.id),
                None,
            )
            .as_str()
            .map(str::to_string)
    }
}

/// The build's target directory: `CARGO_TARGET_DIR` when set, else the one this test binary was
/// built into (`<target>/debug/deps/browser-…`), else the workspace's `target`.
pub fn target_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    let from_exe = std::env::current_exe().ok().and_then(|exe| {
        let deps = exe.parent()?;
        (deps.file_name()? == "deps").then(|| deps.parent()?.parent().map(Path::to_path_buf))?
    });
    from_exe.unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"))
}

/// Standard base64 (with or without padding), as WebDriver sends screenshots.
pub fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let value = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let digits: Vec<u8> = text
        .bytes()
        .filter(|b| !b.is_ascii_whitespace() && *b != b'=')
        .collect();
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        if chunk.len() == 1 {
            return None;
        }
        let mut bits = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            bits |= value(c)? << (18 - 6 * i);
        }
        let bytes = bits.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
    }
    Some(out)
}

#[test]
fn base64_decodes_what_webdriver_sends() {
    assert_eq!(base64_decode("aGVsbG8=").unwrap(), b"hello");
    assert_eq!(base64_decode("aGVsbG8h").unwrap(), b"hello!");
    assert_eq!(base64_decode("aGk").unwrap(), b"hi");
    assert_eq!(base64_decode("").unwrap(), b"");
    assert!(base64_decode("a").is_none());
    assert!(base64_decode("a*bc").is_none());
}
