//! The wasmtime engine an object runs on: its configuration follows the
//! object's limits, so it is made per load.

use remoteobj_protocol::Limits;
use wasmtime::{Config, Engine};

/// An engine for objects with these limits: the component model, epoch
/// interruption (the time limits), and fuel metering when asked for.
pub(crate) fn engine(limits: &Limits) -> Result<Engine, String> {
    let mut config = Config::new();
    config.wasm_component_model(true);
    config.epoch_interruption(true);
    config.consume_fuel(limits.fuel.is_some());
    Engine::new(&config).map_err(|e| format!("creating the engine: {e:#}"))
}
