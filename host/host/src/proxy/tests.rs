use std::{
    process::{Command, Stdio},
    sync::Arc,
    time::Duration,
};

use super::*;
use crate::{process::WorkerProcess, reader::Incoming, settings::Settings, stderr::StderrTail};

/// A proxy on a session whose "worker" is a process that exits at once:
/// building paths sends nothing, so none is needed.
fn root() -> Proxy {
    let mut child = Command::new("true")
        .stdout(Stdio::piped())
        .spawn()
        .expect("running true");
    let stdout = child.stdout.take().expect("piped");
    let session = Session::new(
        "test".into(),
        WorkerProcess::new(child),
        Incoming::new(stdout, 1024).expect("a pipe"),
        Arc::new(StderrTail::default()),
        Settings::default(),
    );
    Proxy::root(Arc::new(session))
}

#[test]
fn proxies_built_from_one_share_its_path() {
    let root = root();
    let parent = root.attr("another").item(0);
    let left = parent.attr("left");
    let right = parent.call_proxy((1,));
    assert!(left.path.parent().same_links(&parent.path));
    assert!(right.path.parent().same_links(&parent.path));
    assert!(parent.path.parent().parent().same_links(&root.path));
    assert_eq!(left.path_string(), "another[0].left");
    assert_eq!(right.path_string(), "another[0](…)");
    assert_eq!(parent.path_string(), "another[0]");
    root.session.reap(Duration::from_secs(5));
}

#[test]
fn a_path_past_the_limit_fails_when_sent_as_it_always_did() {
    let root = root();
    let mut long = root.clone();
    for _ in 0..10_000 {
        long = long.attr("x");
    }
    match long.ready_path() {
        Err(Error::InvalidPath { path, message }) => {
            assert_eq!(path, "x.x.x.x.x.x.x.x…");
            assert_eq!(message, "10000 links, over the limit of 256");
        }
        other => panic!("{other:?}"),
    }
    let mut longest = root.clone();
    for _ in 0..MAX_PATH_LEN {
        longest = longest.super_();
    }
    assert_eq!(longest.ready_path().unwrap().len(), MAX_PATH_LEN);
    match longest.del_attr("x") {
        Err(Error::InvalidPath { message, .. }) => {
            assert_eq!(message, "257 links, over the limit of 256")
        }
        other => panic!("{other:?}"),
    }
    match root.set_attr_op("x", 1).attr("y").ready_path() {
        Err(Error::InvalidPath { path, message }) => {
            assert_eq!(path, "x = ….y");
            assert_eq!(message, "an assignment or deletion must be the last op");
        }
        other => panic!("{other:?}"),
    }
    root.session.reap(Duration::from_secs(5));
}
