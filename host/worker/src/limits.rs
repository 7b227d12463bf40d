//! Memory and tables: the store's [`ResourceLimiter`] refuses growth past
//! the object's [`Limits`] with a [`LimitHit`] error, which traps the guest
//! (rather than failing `memory.grow`, which a Rust guest would turn into an
//! abort with no reason given). Time is [`crate::slice`]'s and
//! [`crate::ticker`]'s; fuel is wasmtime's own metering (running out is
//! `Trap::OutOfFuel`).

use remoteobj_protocol::{ErrorKind, Limits};
use wasmtime::ResourceLimiter;

/// A limit the guest ran into; the trap's error, found again by downcasting.
#[derive(Debug, Clone, thiserror::Error)]
pub(crate) enum LimitHit {
    /// A linear memory would grow past [`Limits::memory`].
    #[error(
        "memory limit exceeded: a linear memory would grow to {desired} bytes, over the limit of {limit} bytes"
    )]
    Memory {
        /// The size asked for.
        desired: usize,
        /// The limit.
        limit: u64,
    },
    /// A table would grow past [`Limits::table_elements`].
    #[error(
        "table limit exceeded: a table would grow to {desired} elements, over the limit of {limit}"
    )]
    Table {
        /// The size asked for.
        desired: usize,
        /// The limit.
        limit: u64,
    },
    /// Guest code ran past its slice.
    #[error("time limit exceeded: {0}")]
    Time(String),
}

impl LimitHit {
    /// The error kind the caller sees.
    pub(crate) fn kind(&self) -> ErrorKind {
        match self {
            LimitHit::Memory { .. } | LimitHit::Table { .. } => ErrorKind::MemoryLimit,
            LimitHit::Time(_) => ErrorKind::TimeLimit,
        }
    }
}

/// The store's resource limiter: memory and table growth.
pub(crate) struct Limiter {
    memory: u64,
    table_elements: u64,
}

impl Limiter {
    /// A limiter for `limits`.
    pub(crate) fn new(limits: &Limits) -> Self {
        Limiter {
            memory: limits.memory,
            table_elements: limits.table_elements,
        }
    }
}

impl ResourceLimiter for Limiter {
    fn memory_growing(
        &mut self,
        _current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        if desired as u64 > self.memory {
            return Err(LimitHit::Memory {
                desired,
                limit: self.memory,
            }
            .into());
        }
        Ok(maximum.is_none_or(|max| desired <= max))
    }

    fn table_growing(
        &mut self,
        _current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        if desired as u64 > self.table_elements {
            return Err(LimitHit::Table {
                desired,
                limit: self.table_elements,
            }
            .into());
        }
        Ok(maximum.is_none_or(|max| desired <= max))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn growth_past_the_limits_is_refused_with_a_limit_error() {
        let mut l = Limiter::new(&Limits {
            memory: 1 << 20,
            table_elements: 10,
            ..Limits::default()
        });
        assert!(l.memory_growing(0, 1 << 20, None).unwrap());
        assert!(!l.memory_growing(0, 1 << 19, Some(1 << 18)).unwrap());
        let e = l
            .memory_growing(1 << 20, (1 << 20) + 65536, None)
            .unwrap_err();
        let hit = e.downcast_ref::<LimitHit>().unwrap();
        assert_eq!(hit.kind(), ErrorKind::MemoryLimit);
        assert!(l.table_growing(0, 10, None).unwrap());
        assert!(l.table_growing(10, 11, None).is_err());
    }
}
