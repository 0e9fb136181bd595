//! The limits on connections, tried over raw TCP as a slow or hostile client would: headers sent
//! too slowly, a connection left idle, more connections than the server serves at once, a form
//! sent too slowly, and a slow client open while the server shuts down.

use crate::helpers::{fresh_database, spawn_app_with, spawn_stoppable_with, temp_dir, Backend};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

async fn connect(address: &str) -> TcpStream {
    TcpStream::connect(address.trim_start_matches("http://")).await.unwrap()
}

/// Reads until the server closes the connection, up to `within`: what it sent, or None if it
/// was still open then.
async fn read_until_closed(stream: &mut TcpStream, within: Duration) -> Option<String> {
    let mut got = Vec::new();
    let read = tokio::time::timeout(within, async {
        let mut buf = [0u8; 8192];
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => got.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    read.ok().map(|()| String::from_utf8_lossy(&got).into_owned())
}

/// Reads one answer to a `GET /healthz` (whose body is "ok") without waiting for the close.
async fn read_health_answer(stream: &mut TcpStream, within: Duration) -> Option<String> {
    let mut got = Vec::new();
    tokio::time::timeout(within, async {
        let mut buf = [0u8; 1024];
        while !String::from_utf8_lossy(&got).ends_with("\r\n\r\nok") {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => got.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await
    .ok()
    .map(|()| String::from_utf8_lossy(&got).into_owned())
}

const HEALTH: &[u8] = b"GET /healthz HTTP/1.1\r\nHost: chorus\r\n\r\n";

async fn headers_sent_too_slowly_or_an_idle_connection_are_closed(backend: Backend) {
    let app = spawn_app_with(backend, &[("CHORUS_IDLE_TIMEOUT", "1")]).await;

    // Half the headers, then nothing: closed once the second has passed, with no answer.
    let mut slow = connect(&app.address).await;
    slow.write_all(b"GET / HTTP/1.1\r\nHost: chorus\r\n").await.unwrap();
    let started = Instant::now();
    let got = read_until_closed(&mut slow, Duration::from_secs(5)).await.expect("the slow connection was closed");
    assert!(!got.contains("200 OK"), "no page for headers never finished: {got}");
    assert!(started.elapsed() >= Duration::from_millis(900), "not closed before its time: {:?}", started.elapsed());

    // A whole request is answered; the connection then stays open for more, until idle too long.
    let mut idle = connect(&app.address).await;
    idle.write_all(HEALTH).await.unwrap();
    let answer = read_health_answer(&mut idle, Duration::from_secs(5)).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    idle.write_all(HEALTH).await.unwrap();
    assert!(read_health_answer(&mut idle, Duration::from_secs(5)).await.unwrap().starts_with("HTTP/1.1 200"), "kept alive");
    let started = Instant::now();
    assert_eq!(read_until_closed(&mut idle, Duration::from_secs(5)).await.as_deref(), Some(""), "closed when idle");
    assert!(started.elapsed() >= Duration::from_millis(900), "idle for its time first: {:?}", started.elapsed());
}

async fn past_the_cap_a_connection_waits_for_one_to_close(backend: Backend) {
    let app = spawn_app_with(backend, &[("CHORUS_MAX_CONNECTIONS", "2"), ("CHORUS_IDLE_TIMEOUT", "30")]).await;
    let mut first = connect(&app.address).await;
    let mut second = connect(&app.address).await;
    first.write_all(HEALTH).await.unwrap();
    second.write_all(HEALTH).await.unwrap();
    assert!(read_health_answer(&mut first, Duration::from_secs(5)).await.is_some());
    assert!(read_health_answer(&mut second, Duration::from_secs(5)).await.is_some());

    // The third is queued, not served, while both stay open.
    let mut third = connect(&app.address).await;
    third.write_all(HEALTH).await.unwrap();
    assert_eq!(read_health_answer(&mut third, Duration::from_millis(800)).await, None, "the third waits");
    drop(first);
    let answer = read_health_answer(&mut third, Duration::from_secs(5)).await.expect("served once one closed");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

async fn a_form_sent_too_slowly_is_stopped_with_a_page_that_says_so(backend: Backend) {
    let app = spawn_app_with(backend, &[("CHORUS_REQUEST_TIMEOUT", "1")]).await;
    let mut slow = connect(&app.address).await;
    slow.write_all(
        b"POST /sign-in HTTP/1.1\r\nHost: chorus\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 200\r\n\r\nemail=a",
    )
    .await
    .unwrap();
    let started = Instant::now();
    let got = read_until_closed(&mut slow, Duration::from_secs(5)).await.expect("answered and closed");
    assert!(got.starts_with("HTTP/1.1 503"), "{got}");
    assert!(got.to_ascii_lowercase().contains("retry-after: 10"), "{got}");
    assert!(got.contains("That took too long"), "{got}");
    assert!(started.elapsed() < Duration::from_secs(4), "{:?}", started.elapsed());
    // Other requests go on being answered at once.
    let health = app.client.get(format!("{}/healthz", app.address)).send().await.unwrap();
    assert_eq!(health.status(), 200);
}

async fn a_slow_client_does_not_hold_up_shutting_down(backend: Backend) {
    let dir = temp_dir();
    let url = fresh_database(backend, &dir).await;
    let (app, stop, running) = spawn_stoppable_with(&url, dir, &[("CHORUS_IDLE_TIMEOUT", "600"), ("CHORUS_REQUEST_TIMEOUT", "600")]).await;
    // One connection with half its headers sent, one with half its form.
    let mut headers = connect(&app.address).await;
    headers.write_all(b"GET / HTTP/1.1\r\nHost: chorus\r\n").await.unwrap();
    let mut form = connect(&app.address).await;
    form.write_all(
        b"POST /sign-in HTTP/1.1\r\nHost: chorus\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 200\r\n\r\nemail=a",
    )
    .await
    .unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let stopping = Instant::now();
    stop.send(()).unwrap();
    tokio::time::timeout(Duration::from_secs(8), running).await.expect("shut down within seconds, slow clients or not").unwrap().unwrap();
    assert!(stopping.elapsed() < Duration::from_secs(7), "{:?}", stopping.elapsed());
    assert!(read_until_closed(&mut headers, Duration::from_secs(2)).await.is_some(), "closed");
    assert!(read_until_closed(&mut form, Duration::from_secs(2)).await.is_some(), "closed");
}

crate::on_both_backends!(
    headers_sent_too_slowly_or_an_idle_connection_are_closed,
    past_the_cap_a_connection_waits_for_one_to_close,
    a_form_sent_too_slowly_is_stopped_with_a_page_that_says_so,
    a_slow_client_does_not_hold_up_shutting_down,
);
