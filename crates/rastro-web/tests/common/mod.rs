//! A real server on 127.0.0.1 with a small demonstration store, shared by the tests of one
//! binary, and a client that keeps a session cookie and its anti-forgery value like a browser.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use rastro_app::demo::{demo_user, DEMO_PASSWORD};
use rastro_app::{App, Role, StoreUrl};
use rastro_web::{AppState, ServerConfig};

pub struct TestServer {
    pub base: String,
    pub app: App,
    pub dir: ScratchDir,
    /// Holds the server's job workers (they stop when it is dropped).
    _running: rastro_web::Running,
    _runtime: tokio::runtime::Runtime,
}

/// Cases in the test demonstration: enough for counts above k and some below.
pub const TEST_CASES: u64 = 1_500;
/// The test server's upload limit (the default is 50 MB; a test checks the default apart).
pub const TEST_UPLOAD_LIMIT: usize = 2 * 1024 * 1024;

pub fn server() -> &'static TestServer {
    static SERVER: OnceLock<TestServer> = OnceLock::new();
    SERVER.get_or_init(start)
}

/// The shared server's folder. The server lives in a static, which is never dropped, so a
/// temporary directory would outlive every run (a few hundred MB each); this one has a fixed
/// name per test binary under the build's scratch folder and is emptied by the next run.
pub struct ScratchDir(PathBuf);

impl ScratchDir {
    fn for_this_binary() -> ScratchDir {
        let exe = std::env::current_exe().unwrap();
        let stem = exe.file_stem().unwrap().to_string_lossy();
        // Cargo names a test binary `<target>-<hash>`; the hash changes with each build.
        let name = stem.rsplit_once('-').map_or(&*stem, |(name, _)| name);
        let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("web-server-{name}"));
        if path.exists() {
            std::fs::remove_dir_all(&path).unwrap();
        }
        std::fs::create_dir_all(&path).unwrap();
        ScratchDir(path)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

fn start() -> TestServer {
    let dir = ScratchDir::for_this_binary();
    let data = dir.path().join("data");
    let app = App::open(&StoreUrl::in_data_dir(&data)).unwrap();
    rastro_app::demo::run(&app, &data, TEST_CASES, 7, &rastro_app::Quiet).unwrap();
    rastro_app::demo_news::news(&app, 7, rastro_app::figures::today(), &rastro_app::Quiet).unwrap();
    rastro_app::demo_news::watchlist(&app, &data, 7).unwrap();
    let mut config = ServerConfig::new(data.join("uploads"));
    config.listen = "127.0.0.1:0".parse().unwrap();
    config.demo = true;
    config.max_upload_bytes = TEST_UPLOAD_LIMIT;
    config.rate_per_minute = 100_000;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let state = AppState::new(app.clone(), config);
    let running = runtime.block_on(rastro_web::start(state)).unwrap();
    TestServer {
        base: format!("http://{}", running.address),
        app,
        dir,
        _running: running,
        _runtime: runtime,
    }
}

pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| {
            panic!("not JSON ({e}): {}", &self.body[..self.body.len().min(300)])
        })
    }
}

/// A browser-like client: no redirects followed, cookies kept by hand.
pub struct Client {
    pub base: String,
    agent: ureq::Agent,
    pub session: Option<String>,
    pub csrf: Option<String>,
    pub bearer: Option<String>,
    pub lang: Option<String>,
}

impl Client {
    pub fn anonymous() -> Client {
        Client {
            base: server().base.clone(),
            agent: ureq::AgentBuilder::new()
                .redirects(0)
                .timeout(Duration::from_secs(60))
                .build(),
            session: None,
            csrf: None,
            bearer: None,
            lang: None,
        }
    }

    /// Signed in as the demo user of `prefix` in `role`, through the sign-in form.
    pub fn signed_in(prefix: &str, role: Role) -> Client {
        let mut client = Client::anonymous();
        client.sign_in(&demo_user(prefix, role), DEMO_PASSWORD);
        client
    }

    /// Signs in through the form; panics unless it succeeds.
    pub fn sign_in(&mut self, user: &str, password: &str) {
        let response = self.try_sign_in(user, password);
        assert_eq!(response.status, 303, "sign-in of {user}: {}", response.body);
    }

    pub fn try_sign_in(&mut self, user: &str, password: &str) -> Response {
        let form = self.get("/signin");
        let presession = cookie_value(&form, "rastro_presession").expect("a sign-in cookie");
        let csrf = hidden_field(&form.body, "csrf").expect("the form's anti-forgery field");
        let mut request = self
            .agent
            .post(&format!("{}/signin", self.base))
            .set("Content-Type", "application/x-www-form-urlencoded");
        let mut cookies = format!("rastro_presession={presession}");
        if let Some(s) = &self.session {
            cookies.push_str(&format!("; rastro_session={s}"));
        }
        request = request.set("Cookie", &cookies);
        let body = format!(
            "csrf={}&user={}&password={}&next=%2F",
            enc(&csrf),
            enc(user),
            enc(password)
        );
        let response = finish(request.send_string(&body));
        if let Some(session) = cookie_value(&response, "rastro_session") {
            if !session.is_empty() {
                self.session = Some(session);
                let page = self.get("/");
                self.csrf = hidden_field(&page.body, "csrf");
            }
        }
        response
    }

    fn request(&self, method: &str, path: &str) -> ureq::Request {
        let mut request = self.agent.request(method, &format!("{}{path}", self.base));
        let mut cookies = Vec::new();
        if let Some(s) = &self.session {
            cookies.push(format!("rastro_session={s}"));
        }
        if let Some(l) = &self.lang {
            cookies.push(format!("rastro_lang={l}"));
        }
        if !cookies.is_empty() {
            request = request.set("Cookie", &cookies.join("; "));
        }
        if let Some(b) = &self.bearer {
            request = request.set("Authorization", &format!("Bearer {b}"));
        }
        request
    }

    pub fn get(&self, path: &str) -> Response {
        finish(self.request("GET", path).call())
    }

    pub fn get_with(&self, path: &str, header: (&str, &str)) -> Response {
        finish(self.request("GET", path).set(header.0, header.1).call())
    }

    /// A form POST carrying the session's anti-forgery value.
    pub fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> Response {
        let mut body: Vec<String> = fields
            .iter()
            .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
            .collect();
        if let Some(c) = &self.csrf {
            body.push(format!("csrf={}", enc(c)));
        }
        finish(
            self.request("POST", path)
                .set("Content-Type", "application/x-www-form-urlencoded")
                .send_string(&body.join("&")),
        )
    }

    /// A form POST without the anti-forgery value, as a forged request would be.
    pub fn post_form_forged(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        origin: Option<&str>,
    ) -> Response {
        let body: Vec<String> = fields
            .iter()
            .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
            .collect();
        let mut request = self
            .request("POST", path)
            .set("Content-Type", "application/x-www-form-urlencoded");
        if let Some(o) = origin {
            request = request.set("Origin", o);
        }
        finish(request.send_string(&body.join("&")))
    }

    pub fn post_json(&self, path: &str, body: &str) -> Response {
        let mut request = self
            .request("POST", path)
            .set("Content-Type", "application/json");
        if let Some(c) = &self.csrf {
            request = request.set("X-CSRF-Token", c);
        }
        finish(request.send_string(body))
    }

    pub fn post_bytes(&self, path: &str, content_type: &str, body: &[u8]) -> Response {
        let mut request = self.request("POST", path).set("Content-Type", content_type);
        if let Some(c) = &self.csrf {
            request = request.set("X-CSRF-Token", c);
        }
        finish(request.send_bytes(body))
    }
}

fn finish(result: Result<ureq::Response, ureq::Error>) -> Response {
    let response = match result {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("request failed: {e}"),
    };
    let status = response.status();
    let headers = response
        .headers_names()
        .into_iter()
        .flat_map(|name| {
            response
                .all(&name)
                .into_iter()
                .map(|v| (name.clone(), v.to_string()))
                .collect::<Vec<_>>()
        })
        .collect();
    let body = response.into_string().unwrap_or_default();
    Response {
        status,
        headers,
        body,
    }
}

pub fn cookie_value(response: &Response, name: &str) -> Option<String> {
    response
        .headers
        .iter()
        .filter(|(k, _)| k.eq_ignore_ascii_case("set-cookie"))
        .filter_map(|(_, v)| v.split(';').next())
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

pub fn hidden_field(html: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker)? + marker.len();
    let end = html[start..].find('"')? + start;
    Some(html[start..end].to_string())
}

pub fn enc(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
