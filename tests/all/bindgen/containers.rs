// The typed client of the remote `Inventory`, written by `remoteobj bindgen containers`
// from its schema (version 2; this remoteobj reads up to 2).
// Regenerate it rather than editing it.

use remoteobj_host::ComponentSource;
use remoteobj_host::Error;
use remoteobj_host::Host;
use remoteobj_host::Proxy;
use remoteobj_host::ReplyFuture;
use remoteobj_host::Value;
use remoteobj_host::typed::Call;
use remoteobj_host::typed::CallArgs;
use remoteobj_host::typed::Client;
use remoteobj_host::typed::DictClient;
use remoteobj_host::typed::ListClient;
use remoteobj_host::typed::ObjectsClient;
use remoteobj_host::typed::Owned;
use remoteobj_host::typed::ThisFuture;
use std::collections::BTreeMap;
use std::time::Duration;

/// A bag of containers.
///
/// (A typed client, written by `remoteobj bindgen`.)
#[derive(Clone, Debug)]
#[allow(dead_code, non_camel_case_types)]
pub struct InventoryClient {
    proxy: Proxy,
}

impl Client for InventoryClient {
    fn from_proxy(proxy: Proxy) -> Self {
        InventoryClient { proxy }
    }

    fn proxy(&self) -> &Proxy {
        &self.proxy
    }
}

#[allow(dead_code, non_snake_case)]
impl InventoryClient {
    /// The client of the object (or part of one) `proxy` designates;
    /// nothing is sent.
    pub fn from_proxy(proxy: Proxy) -> Self {
        InventoryClient { proxy }
    }

    /// The dynamic proxy underneath, for what the typed methods do not
    /// cover.
    pub fn proxy(&self) -> &Proxy {
        &self.proxy
    }

    /// The same client with another timeout for its requests.
    pub fn with_timeout(&self, timeout: Duration) -> Self {
        Self::from_proxy(self.proxy.with_timeout(timeout))
    }

    /// Starts `component` (a guest exporting this type) with `host`,
    /// waits until it listens, and returns its client with it.
    pub fn spawn(host: &Host, component: ComponentSource) -> Result<Owned<Self>, Error> {
        Owned::spawn(host, component)
    }

    /// [`spawn`](Self::spawn) for async code.
    pub fn spawn_async(
        host: &Host,
        component: ComponentSource,
    ) -> impl Future<Output = Result<Owned<Self>, Error>> + Send + use<> {
        Owned::spawn_async(host, component)
    }

    /// Creates the optional settings, at `level`.
    pub fn attach(&self, level: Option<i64>) -> Result<(), Error> {
        let mut args = CallArgs::new();
        args.optional("level", level);
        let call = Call::method(&self.proxy, "attach", args);
        call.get()
    }

    /// Creates the optional settings, at `level`.
    ///
    /// (Async.)
    pub fn attach_async(&self, level: Option<i64>) -> ReplyFuture<()> {
        let mut args = CallArgs::new();
        args.optional("level", level);
        let call = Call::method(&self.proxy, "attach", args);
        call.future()
    }

    /// Whether the hidden field is set (it is never readable remotely).
    pub fn has_secret(&self) -> Result<bool, Error> {
        let args = CallArgs::new();
        let call = Call::method(&self.proxy, "has_secret", args);
        call.get()
    }

    /// Whether the hidden field is set (it is never readable remotely).
    ///
    /// (Async.)
    pub fn has_secret_async(&self) -> ReplyFuture<bool> {
        let args = CallArgs::new();
        let call = Call::method(&self.proxy, "has_secret", args);
        call.future()
    }

    /// A list of integers.
    ///
    /// (Its client; nothing is sent until it is used.)
    pub fn items(&self) -> ListClient<i64> {
        Client::from_proxy(self.proxy.attr("items"))
    }

    /// Assigns the attribute `items`.
    pub fn set_items(&self, value: Vec<i64>) -> Result<(), Error> {
        self.proxy.set_attr("items", value)
    }

    /// Assigns the attribute `items`.
    ///
    /// (Async.)
    pub fn set_items_async(&self, value: Vec<i64>) -> ReplyFuture<()> {
        self.proxy.set_attr_async("items", value)
    }

    /// A double-ended queue of words.
    ///
    /// (Its client; nothing is sent until it is used.)
    pub fn queue(&self) -> ListClient<String> {
        Client::from_proxy(self.proxy.attr("queue"))
    }

    /// Assigns the attribute `queue`.
    pub fn set_queue(&self, value: Vec<String>) -> Result<(), Error> {
        self.proxy.set_attr("queue", value)
    }

    /// Assigns the attribute `queue`.
    ///
    /// (Async.)
    pub fn set_queue_async(&self, value: Vec<String>) -> ReplyFuture<()> {
        self.proxy.set_attr_async("queue", value)
    }

    /// Text keys to counts.
    ///
    /// (Its client; nothing is sent until it is used.)
    pub fn counts(&self) -> DictClient<String, i64> {
        Client::from_proxy(self.proxy.attr("counts"))
    }

    /// Assigns the attribute `counts`.
    pub fn set_counts(&self, value: BTreeMap<String, i64>) -> Result<(), Error> {
        self.proxy.set_attr("counts", value)
    }

    /// Assigns the attribute `counts`.
    ///
    /// (Async.)
    pub fn set_counts_async(&self, value: BTreeMap<String, i64>) -> ReplyFuture<()> {
        self.proxy.set_attr_async("counts", value)
    }

    /// Integer keys to names.
    ///
    /// (Its client; nothing is sent until it is used.)
    pub fn names(&self) -> DictClient<i64, String> {
        Client::from_proxy(self.proxy.attr("names"))
    }

    /// Assigns the attribute `names`.
    pub fn set_names(&self, value: BTreeMap<i64, String>) -> Result<(), Error> {
        self.proxy.set_attr("names", value)
    }

    /// Assigns the attribute `names`.
    ///
    /// (Async.)
    pub fn set_names_async(&self, value: BTreeMap<i64, String>) -> ReplyFuture<()> {
        self.proxy.set_attr_async("names", value)
    }

    /// A nested remote object.
    ///
    /// (Its client; nothing is sent until it is used.)
    pub fn settings(&self) -> SettingsClient {
        Client::from_proxy(self.proxy.attr("settings"))
    }

    /// Assigns the attribute `settings`.
    pub fn set_settings(&self, value: Value) -> Result<(), Error> {
        self.proxy.set_attr("settings", value)
    }

    /// Assigns the attribute `settings`.
    ///
    /// (Async.)
    pub fn set_settings_async(&self, value: Value) -> ReplyFuture<()> {
        self.proxy.set_attr_async("settings", value)
    }

    /// A boxed remote object.
    ///
    /// (Its client; nothing is sent until it is used.)
    pub fn boxed(&self) -> SettingsClient {
        Client::from_proxy(self.proxy.attr("boxed"))
    }

    /// Assigns the attribute `boxed`.
    pub fn set_boxed(&self, value: Value) -> Result<(), Error> {
        self.proxy.set_attr("boxed", value)
    }

    /// Assigns the attribute `boxed`.
    ///
    /// (Async.)
    pub fn set_boxed_async(&self, value: Value) -> ReplyFuture<()> {
        self.proxy.set_attr_async("boxed", value)
    }

    /// A remote object that may be absent.
    ///
    /// (Its client; nothing is sent until it is used.)
    pub fn maybe(&self) -> SettingsClient {
        Client::from_proxy(self.proxy.attr("maybe"))
    }

    /// Assigns the attribute `maybe`.
    pub fn set_maybe(&self, value: Option<Value>) -> Result<(), Error> {
        self.proxy.set_attr("maybe", value)
    }

    /// Assigns the attribute `maybe`.
    ///
    /// (Async.)
    pub fn set_maybe_async(&self, value: Option<Value>) -> ReplyFuture<()> {
        self.proxy.set_attr_async("maybe", value)
    }

    /// Remote objects in a list: paths go into the items.
    ///
    /// (Its client; nothing is sent until it is used.)
    pub fn stock(&self) -> ObjectsClient<ItemClient> {
        Client::from_proxy(self.proxy.attr("stock"))
    }

    /// Assigns the attribute `stock`.
    pub fn set_stock(&self, value: Vec<Value>) -> Result<(), Error> {
        self.proxy.set_attr("stock", value)
    }

    /// Assigns the attribute `stock`.
    ///
    /// (Async.)
    pub fn set_stock_async(&self, value: Vec<Value>) -> ReplyFuture<()> {
        self.proxy.set_attr_async("stock", value)
    }

    /// Read-only: the inventory's version.
    pub fn version(&self) -> Result<u32, Error> {
        self.proxy.attr("version").get()
    }

    /// Read-only: the inventory's version.
    ///
    /// (Async.)
    pub fn version_async(&self) -> ReplyFuture<u32> {
        self.proxy.attr("version").get_async()
    }
}

/// Settings nested inside the inventory.
///
/// (A typed client, written by `remoteobj bindgen`.)
#[derive(Clone, Debug)]
#[allow(dead_code, non_camel_case_types)]
pub struct SettingsClient {
    proxy: Proxy,
}

impl Client for SettingsClient {
    fn from_proxy(proxy: Proxy) -> Self {
        SettingsClient { proxy }
    }

    fn proxy(&self) -> &Proxy {
        &self.proxy
    }
}

#[allow(dead_code, non_snake_case)]
impl SettingsClient {
    /// The client of the object (or part of one) `proxy` designates;
    /// nothing is sent.
    pub fn from_proxy(proxy: Proxy) -> Self {
        SettingsClient { proxy }
    }

    /// The dynamic proxy underneath, for what the typed methods do not
    /// cover.
    pub fn proxy(&self) -> &Proxy {
        &self.proxy
    }

    /// The same client with another timeout for its requests.
    pub fn with_timeout(&self, timeout: Duration) -> Self {
        Self::from_proxy(self.proxy.with_timeout(timeout))
    }

    /// Puts everything back to the defaults.
    pub fn reset(&self) -> Result<(), Error> {
        let args = CallArgs::new();
        let call = Call::method(&self.proxy, "reset", args);
        call.get()
    }

    /// Puts everything back to the defaults.
    ///
    /// (Async.)
    pub fn reset_async(&self) -> ReplyFuture<()> {
        let args = CallArgs::new();
        let call = Call::method(&self.proxy, "reset", args);
        call.future()
    }

    /// The level (a typed `self` receiver).
    pub fn level_of(&self) -> Result<i64, Error> {
        let args = CallArgs::new();
        let call = Call::method(&self.proxy, "level_of", args);
        call.get()
    }

    /// The level (a typed `self` receiver).
    ///
    /// (Async.)
    pub fn level_of_async(&self) -> ReplyFuture<i64> {
        let args = CallArgs::new();
        let call = Call::method(&self.proxy, "level_of", args);
        call.future()
    }

    /// A borrowed text parameter and a `String` default written as `&str`.
    pub fn greet(&self, who: &str, word: Option<&str>) -> Result<String, Error> {
        let mut args = CallArgs::new();
        args.required("who", who);
        args.optional("word", word);
        let call = Call::method(&self.proxy, "greet", args);
        call.get()
    }

    /// A borrowed text parameter and a `String` default written as `&str`.
    ///
    /// (Async.)
    pub fn greet_async(&self, who: &str, word: Option<&str>) -> ReplyFuture<String> {
        let mut args = CallArgs::new();
        args.required("who", who);
        args.optional("word", word);
        let call = Call::method(&self.proxy, "greet", args);
        call.future()
    }

    /// A parameter named `args`, a slice, and the SDK's `Result<T>` alias.
    pub fn sum(&self, args_0: Vec<i64>) -> Result<i64, Error> {
        let mut args = CallArgs::new();
        args.required("args", args_0);
        let call = Call::method(&self.proxy, "sum", args);
        call.get()
    }

    /// A parameter named `args`, a slice, and the SDK's `Result<T>` alias.
    ///
    /// (Async.)
    pub fn sum_async(&self, args_0: Vec<i64>) -> ReplyFuture<i64> {
        let mut args = CallArgs::new();
        args.required("args", args_0);
        let call = Call::method(&self.proxy, "sum", args);
        call.future()
    }

    /// Raises the level by `by` (1 by default) and returns the settings.
    pub fn louder(&self, by: Option<i64>) -> Result<Self, Error> {
        let mut args = CallArgs::new();
        args.optional("by", by);
        let call = Call::method(&self.proxy, "louder", args);
        call.this()
    }

    /// Raises the level by `by` (1 by default) and returns the settings.
    ///
    /// (Async.)
    pub fn louder_async(&self, by: Option<i64>) -> ThisFuture<Self> {
        let mut args = CallArgs::new();
        args.optional("by", by);
        let call = Call::method(&self.proxy, "louder", args);
        call.this_future()
    }

    /// How verbose to be.
    pub fn level(&self) -> Result<i64, Error> {
        self.proxy.attr("level").get()
    }

    /// How verbose to be.
    ///
    /// (Async.)
    pub fn level_async(&self) -> ReplyFuture<i64> {
        self.proxy.attr("level").get_async()
    }

    /// Assigns the attribute `level`.
    pub fn set_level(&self, value: i64) -> Result<(), Error> {
        self.proxy.set_attr("level", value)
    }

    /// Assigns the attribute `level`.
    ///
    /// (Async.)
    pub fn set_level_async(&self, value: i64) -> ReplyFuture<()> {
        self.proxy.set_attr_async("level", value)
    }

    /// A name.
    pub fn label(&self) -> Result<String, Error> {
        self.proxy.attr("label").get()
    }

    /// A name.
    ///
    /// (Async.)
    pub fn label_async(&self) -> ReplyFuture<String> {
        self.proxy.attr("label").get_async()
    }

    /// Assigns the attribute `label`.
    pub fn set_label(&self, value: &str) -> Result<(), Error> {
        self.proxy.set_attr("label", value)
    }

    /// Assigns the attribute `label`.
    ///
    /// (Async.)
    pub fn set_label_async(&self, value: &str) -> ReplyFuture<()> {
        self.proxy.set_attr_async("label", value)
    }
}

/// An item in stock: a remote object inside a list.
///
/// (A typed client, written by `remoteobj bindgen`.)
#[derive(Clone, Debug)]
#[allow(dead_code, non_camel_case_types)]
pub struct ItemClient {
    proxy: Proxy,
}

impl Client for ItemClient {
    fn from_proxy(proxy: Proxy) -> Self {
        ItemClient { proxy }
    }

    fn proxy(&self) -> &Proxy {
        &self.proxy
    }
}

#[allow(dead_code, non_snake_case)]
impl ItemClient {
    /// The client of the object (or part of one) `proxy` designates;
    /// nothing is sent.
    pub fn from_proxy(proxy: Proxy) -> Self {
        ItemClient { proxy }
    }

    /// The dynamic proxy underneath, for what the typed methods do not
    /// cover.
    pub fn proxy(&self) -> &Proxy {
        &self.proxy
    }

    /// The same client with another timeout for its requests.
    pub fn with_timeout(&self, timeout: Duration) -> Self {
        Self::from_proxy(self.proxy.with_timeout(timeout))
    }

    /// Adds `n` to the quantity and returns the new quantity.
    pub fn restock(&self, n: i64) -> Result<i64, Error> {
        let mut args = CallArgs::new();
        args.required("n", n);
        let call = Call::method(&self.proxy, "restock", args);
        call.get()
    }

    /// Adds `n` to the quantity and returns the new quantity.
    ///
    /// (Async.)
    pub fn restock_async(&self, n: i64) -> ReplyFuture<i64> {
        let mut args = CallArgs::new();
        args.required("n", n);
        let call = Call::method(&self.proxy, "restock", args);
        call.future()
    }

    /// What it is.
    pub fn name(&self) -> Result<String, Error> {
        self.proxy.attr("name").get()
    }

    /// What it is.
    ///
    /// (Async.)
    pub fn name_async(&self) -> ReplyFuture<String> {
        self.proxy.attr("name").get_async()
    }

    /// Assigns the attribute `name`.
    pub fn set_name(&self, value: &str) -> Result<(), Error> {
        self.proxy.set_attr("name", value)
    }

    /// Assigns the attribute `name`.
    ///
    /// (Async.)
    pub fn set_name_async(&self, value: &str) -> ReplyFuture<()> {
        self.proxy.set_attr_async("name", value)
    }

    /// How many there are.
    pub fn qty(&self) -> Result<i64, Error> {
        self.proxy.attr("qty").get()
    }

    /// How many there are.
    ///
    /// (Async.)
    pub fn qty_async(&self) -> ReplyFuture<i64> {
        self.proxy.attr("qty").get_async()
    }

    /// Assigns the attribute `qty`.
    pub fn set_qty(&self, value: i64) -> Result<(), Error> {
        self.proxy.set_attr("qty", value)
    }

    /// Assigns the attribute `qty`.
    ///
    /// (Async.)
    pub fn set_qty_async(&self, value: i64) -> ReplyFuture<()> {
        self.proxy.set_attr_async("qty", value)
    }

    /// A raw identifier: remotely just `type`.
    pub fn r#type(&self) -> Result<String, Error> {
        self.proxy.attr("type").get()
    }

    /// A raw identifier: remotely just `type`.
    ///
    /// (Async.)
    pub fn type_async(&self) -> ReplyFuture<String> {
        self.proxy.attr("type").get_async()
    }

    /// Assigns the attribute `type`.
    pub fn set_type(&self, value: &str) -> Result<(), Error> {
        self.proxy.set_attr("type", value)
    }

    /// Assigns the attribute `type`.
    ///
    /// (Async.)
    pub fn set_type_async(&self, value: &str) -> ReplyFuture<()> {
        self.proxy.set_attr_async("type", value)
    }
}
