//! The compiled-code cache: workers compile a component once, store it
//! privately and atomically, and load it afterwards; a broken or unusable
//! cache never stops an object from starting.

use crate::common;

use std::{
    fs,
    os::unix::fs::PermissionsExt,
    path::{Path, PathBuf},
};

use remoteobj_host::CompileCache;

fn temp(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("remoteobj-cache-e2e-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    dir
}

fn x_of(cache: &Path) -> i64 {
    let obj = common::spawn_with(
        common::host().compile_cache(Some(cache.to_path_buf())),
        "counter",
    );
    obj.proxy().attr("x").get().unwrap()
}

#[test]
fn a_worker_compiles_into_the_cache_once_and_later_ones_load_it() {
    let dir = temp("fill");
    assert_eq!(x_of(&dir), 0);
    let cache = CompileCache::at(&dir);
    let entries = cache.entries().unwrap();
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert_eq!(
        fs::metadata(&dir).unwrap().permissions().mode() & 0o777,
        0o700
    );
    let written = fs::metadata(&entries[0].path).unwrap().modified().unwrap();
    // The next workers load the entry as it is.
    for _ in 0..2 {
        assert_eq!(x_of(&dir), 0);
    }
    assert_eq!(
        fs::metadata(&entries[0].path).unwrap().modified().unwrap(),
        written
    );
    assert_eq!(cache.entries().unwrap().len(), 1);
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn a_broken_entry_is_compiled_again() {
    let dir = temp("broken");
    assert_eq!(x_of(&dir), 0);
    let cache = CompileCache::at(&dir);
    let entry = cache.entries().unwrap().remove(0);
    let good = fs::read(&entry.path).unwrap();
    fs::write(&entry.path, &good[..good.len() / 2]).unwrap();
    assert_eq!(x_of(&dir), 0);
    assert_eq!(fs::read(&entry.path).unwrap().len(), good.len());
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn a_cache_open_to_others_is_not_used_and_the_object_starts_anyway() {
    let dir = temp("open");
    fs::create_dir_all(&dir).unwrap();
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o777)).unwrap();
    assert_eq!(x_of(&dir), 0);
    assert!(CompileCache::at(&dir).entries().unwrap().is_empty());
    let _ = fs::remove_dir_all(&dir);
}

/// The `.file` records the cache keeps of component files it has seen.
fn file_records(cache: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for dir in fs::read_dir(cache).unwrap().flatten() {
        if let Ok(list) = fs::read_dir(dir.path()) {
            found.extend(
                list.flatten()
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|e| e == "file")),
            );
        }
    }
    found
}

#[test]
fn a_component_file_seen_before_is_loaded_unread_until_it_changes() {
    let dir = temp("known-file");
    let file = temp("known-file-component.wasm");
    fs::write(&file, fs::read(common::guest_path("counter")).unwrap()).unwrap();
    let type_name = || {
        let host = common::host().compile_cache(Some(dir.clone()));
        let obj = host
            .spawn(remoteobj_host::ComponentSource::file(&file))
            .unwrap();
        obj.describe().unwrap().type_name
    };
    // A file read right after it was written is not recorded (it could
    // change again within the clock's granularity)...
    assert_eq!(type_name(), "Counter");
    assert!(file_records(&dir).is_empty());
    // ... one left alone for a while is, and later loads do not read it.
    std::thread::sleep(std::time::Duration::from_millis(2100));
    assert_eq!(type_name(), "Counter");
    let records = file_records(&dir);
    assert_eq!(records.len(), 1);
    assert_eq!(type_name(), "Counter");
    // Proof that it is not read: a record pointing at other compiled code
    // (the inherit guest's, compiled into the same cache) is what runs.
    let compiled = |dir: &Path| -> Vec<PathBuf> {
        CompileCache::at(dir)
            .entries()
            .unwrap()
            .into_iter()
            .map(|e| e.path)
            .collect()
    };
    let before = compiled(&dir);
    let host = common::host().compile_cache(Some(dir.clone()));
    drop(host.spawn(common::guest("inherit")).unwrap());
    let inherit = compiled(&dir)
        .into_iter()
        .find(|p| !before.contains(p))
        .unwrap();
    let record = fs::read_to_string(&records[0]).unwrap();
    let (identity, _) = record.trim_end().rsplit_once(' ').unwrap();
    let key = inherit.file_stem().unwrap().to_string_lossy();
    fs::write(&records[0], format!("{identity} {key}\n")).unwrap();
    assert_eq!(type_name(), "B", "the record was not used");
    fs::write(&records[0], record).unwrap();
    assert_eq!(type_name(), "Counter");
    // Written over, at the same path and inode: the record no longer
    // matches, and the new content is what runs.
    fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(&file)
        .and_then(|mut f| {
            std::io::Write::write_all(&mut f, &fs::read(common::guest_path("inherit")).unwrap())
        })
        .unwrap();
    assert_eq!(type_name(), "B");
    // `clear` takes the records too.
    CompileCache::at(&dir).clear().unwrap();
    assert!(file_records(&dir).is_empty());
    let _ = fs::remove_dir_all(&dir);
    let _ = fs::remove_file(&file);
}
