//! Typed clients: the guest crates, compiled for the host as ordinary
//! libraries, drive their own components through real workers with
//! methods of their own names and types.

use std::time::Duration;

use containers::InventoryClient;
use counter::CounterClient;
use inherit::BClient;
use levels::CClient;
use remoteobj_host::{Error, ErrorKind};

use crate::common;

#[test]
fn the_counter_is_driven_by_its_typed_client() {
    let counter = CounterClient::spawn(&common::host(), common::guest("counter")).unwrap();
    counter.toggle(Some(true)).unwrap();
    assert!(counter.is_on().unwrap());
    counter.toggle(None).unwrap();
    assert!(!counter.is_on().unwrap(), "left out, it flips");
    counter.inc().unwrap();
    counter.another().append(6).unwrap();
    assert_eq!(counter.another().get(0).unwrap(), 6);
    assert_eq!(counter.another().len().unwrap(), 1);
    counter.set_x(10).unwrap();
    // `chain()` returns the object itself: the client comes back.
    let x = counter.chain().unwrap().chain().unwrap().x().unwrap();
    assert_eq!(x, 12);
    assert_eq!(counter.div(4).unwrap(), 3);
    assert_eq!(counter.measure("four".into()).unwrap(), 4);
    // A guest error is the guest's error, typed call or not.
    match counter.div(0).unwrap_err() {
        Error::Remote(e) => assert_eq!(e.kind, ErrorKind::Value),
        other => panic!("{other}"),
    }
    // The dynamic proxy is underneath.
    assert_eq!(counter.proxy().attr("x").get::<i64>().unwrap(), 12);
    let again = CounterClient::from_proxy(counter.object().proxy());
    assert_eq!(again.x().unwrap(), 12);
    let (object, client) = counter.into_parts();
    object.close();
    assert!(matches!(
        client.x().unwrap_err(),
        Error::NotListening { .. }
    ));
}

#[test]
fn containers_and_nested_objects_have_typed_clients() {
    let inv = InventoryClient::spawn(&common::host(), common::guest("containers")).unwrap();
    inv.items().append(3).unwrap();
    inv.items().insert(0, 1).unwrap();
    assert_eq!(inv.items().get_all().unwrap(), vec![1, 3]);
    assert_eq!(inv.items().get(-1).unwrap(), 3);
    assert_eq!(inv.items().pop().unwrap(), 3);
    assert!(inv.items().contains(1).unwrap());
    inv.queue().append("word".into()).unwrap();
    assert_eq!(inv.queue().get(0).unwrap(), "word");
    inv.counts().insert("a".into(), 1).unwrap();
    assert_eq!(inv.counts().get("a".into()).unwrap(), 1);
    assert_eq!(inv.counts().get_opt("b".into()).unwrap(), None);
    assert_eq!(inv.counts().keys().unwrap(), vec!["a".to_string()]);
    inv.names().insert(7, "seven".into()).unwrap();
    assert_eq!(inv.names().items().unwrap(), vec![(7, "seven".to_string())]);
    // Nested remote objects: their own typed clients, also boxed.
    inv.settings().set_label("main".into()).unwrap();
    assert_eq!(
        inv.settings().greet("you", None).unwrap(),
        "hello, you, from main"
    );
    assert_eq!(
        inv.settings().greet("you", Some("hi".into())).unwrap(),
        "hi, you, from main"
    );
    assert_eq!(inv.settings().sum(&[1, 2, 3]).unwrap(), 6);
    let louder = inv
        .settings()
        .louder(Some(2))
        .unwrap()
        .louder(None)
        .unwrap();
    assert_eq!(louder.level().unwrap(), 3);
    assert_eq!(inv.boxed().level_of().unwrap(), 0);
    // An optional object: absent until attached.
    assert!(inv.maybe().level().is_err());
    inv.attach(Some(5)).unwrap();
    assert_eq!(inv.maybe().level().unwrap(), 5);
    assert_eq!(inv.version().unwrap(), 3, "read-only: a getter only");
    inv.stock()
        .append(serde_json::json!({"name": "bolt", "qty": 1}))
        .unwrap();
    assert_eq!(inv.stock().get(0).restock(4).unwrap(), 5);
    assert_eq!(inv.stock().get(0).name().unwrap(), "bolt");
    assert_eq!(inv.stock().len().unwrap(), 1);
    assert!(inv.has_secret().unwrap());
}

#[test]
fn bases_and_properties_through_typed_clients() {
    let b = BClient::spawn(&common::host(), common::guest("inherit")).unwrap();
    // B's asdf, and A's through super_().
    assert_eq!(b.asdf().unwrap(), 6);
    assert_eq!(b.super_().asdf().unwrap(), 5);
    // A's fields and methods are reached on B's client.
    assert_eq!(b.label().unwrap(), "made by A");
    assert_eq!(b.relabel("x".into()).unwrap().asdf().unwrap(), 6);
    assert_eq!(b.label().unwrap(), "x");
    // B's property overrides A's; A's keeps its setter.
    b.set_x(20).unwrap();
    assert_eq!(b.zxcv().unwrap(), 1.0);
    b.super_().set_zxcv(3.0).unwrap();
    assert_eq!(b.super_().zxcv().unwrap(), 3.0);
    let c = CClient::spawn(&common::host(), common::guest("levels")).unwrap();
    assert_eq!(c.f().unwrap(), "C");
    assert_eq!(c.super_().f().unwrap(), "B");
    assert_eq!(c.super_().super_().f().unwrap(), "A");
    assert_eq!(c.who().unwrap(), "defined on A");
    assert_eq!(c.b_only().unwrap(), 0);
}

#[test]
fn typed_clients_have_async_methods() {
    let counter = CounterClient::spawn(&common::host(), common::guest("counter")).unwrap();
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap()
        .block_on(async {
            counter.inc_async().await.unwrap();
            counter.set_x_async(41).await.unwrap();
            let chained = counter.chain_async().await.unwrap();
            assert_eq!(chained.x_async().await.unwrap(), 42);
            assert_eq!(counter.div_async(2).await.unwrap(), 21);
            counter.another().append_async(1).await.unwrap();
            assert_eq!(counter.another().len_async().await.unwrap(), 1);
            let slow = counter.with_timeout(Duration::from_secs(5));
            assert_eq!(slow.x_async().await.unwrap(), 42);
        });
}
