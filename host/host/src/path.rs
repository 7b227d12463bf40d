//! A proxy's path, shared by prefix: a persistent list of ops, so that
//! building a proxy from another (`attr`, `item`, a call) is one small
//! allocation however long the path already is, and proxies built from the
//! same one share its links. The path becomes a `Vec<Op>` only when it is
//! sent (or shown).
//!
//! Copying the path at each link made building an `n`-link proxy cost
//! `n²/2` op copies: seconds for 10,000 links, before the length limit
//! refused it at the first send.

use std::sync::Arc;

use remoteobj_protocol::Op;

/// A path of ops, root first; cloning it is cheap (a reference count).
#[derive(Clone, Default)]
pub(crate) struct SharedPath {
    last: Option<Arc<Link>>,
}

/// One op and the path before it.
struct Link {
    op: Op,
    /// The path's length up to and including this op.
    len: usize,
    before: Option<Arc<Link>>,
}

impl Drop for Link {
    /// Unlinks the links no one else holds one by one: dropping them
    /// recursively would take a stack frame per link.
    fn drop(&mut self) {
        let mut next = self.before.take();
        while let Some(link) = next {
            next = Arc::into_inner(link).and_then(|mut link| link.before.take());
        }
    }
}

impl SharedPath {
    /// The empty path (the object itself).
    pub(crate) fn new() -> Self {
        SharedPath::default()
    }

    /// A path made of `ops`.
    pub(crate) fn from_ops(ops: Vec<Op>) -> Self {
        ops.into_iter()
            .fold(SharedPath::new(), |path, op| path.push(op))
    }

    /// This path with `op` after it; this one is shared, not copied.
    pub(crate) fn push(&self, op: Op) -> Self {
        SharedPath {
            last: Some(Arc::new(Link {
                op,
                len: self.len() + 1,
                before: self.last.clone(),
            })),
        }
    }

    /// How many ops it has.
    pub(crate) fn len(&self) -> usize {
        self.last.as_ref().map_or(0, |link| link.len)
    }

    /// Its ops, root first, without copying them.
    fn refs(&self) -> Vec<&Op> {
        let mut ops = Vec::with_capacity(self.len());
        let mut next = self.last.as_deref();
        while let Some(link) = next {
            ops.push(&link.op);
            next = link.before.as_deref();
        }
        ops.reverse();
        ops
    }

    /// Its ops, root first (what is sent).
    pub(crate) fn to_vec(&self) -> Vec<Op> {
        self.refs().into_iter().cloned().collect()
    }

    /// Its first `n` ops (all of them if it is shorter).
    pub(crate) fn first(&self, n: usize) -> Vec<Op> {
        self.refs().into_iter().take(n).cloned().collect()
    }

    /// The path without its last op (the empty path stays empty).
    #[cfg(test)]
    pub(crate) fn parent(&self) -> SharedPath {
        SharedPath {
            last: self.last.as_ref().and_then(|link| link.before.clone()),
        }
    }

    /// Whether both are the same links in memory (not merely equal ops).
    #[cfg(test)]
    pub(crate) fn same_links(&self, other: &SharedPath) -> bool {
        match (&self.last, &other.last) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attr(name: &str) -> Op {
        Op::GetAttr(name.into())
    }

    #[test]
    fn a_path_lists_its_ops_root_first() {
        let path = SharedPath::new().push(attr("a")).push(Op::Len);
        assert_eq!(path.len(), 2);
        assert_eq!(path.to_vec(), [attr("a"), Op::Len]);
        assert_eq!(path.first(1), [attr("a")]);
        assert_eq!(path.first(8), path.to_vec());
        assert!(SharedPath::new().to_vec().is_empty());
        let ops = vec![Op::Super, attr("b"), attr("c")];
        assert_eq!(SharedPath::from_ops(ops.clone()).to_vec(), ops);
    }

    #[test]
    fn paths_built_from_one_share_it() {
        let parent = SharedPath::new().push(attr("a")).push(attr("b"));
        let left = parent.push(attr("left"));
        let right = parent.push(attr("right"));
        assert!(left.parent().same_links(&parent));
        assert!(right.parent().same_links(&parent));
        assert!(!left.same_links(&right));
        assert_eq!(left.to_vec(), [attr("a"), attr("b"), attr("left")]);
        assert_eq!(right.to_vec(), [attr("a"), attr("b"), attr("right")]);
        // The parent is unchanged, and outlives neither child's use.
        drop(parent);
        assert_eq!(left.len(), 3);
        assert_eq!(right.parent().to_vec(), [attr("a"), attr("b")]);
    }

    #[test]
    fn a_long_path_is_dropped_without_recursion() {
        let long = std::thread::Builder::new().stack_size(64 * 1024).spawn(|| {
            let mut path = SharedPath::new();
            for _ in 0..1_000_000 {
                path = path.push(Op::Len);
            }
            let shared = path.parent();
            assert_eq!(path.len(), 1_000_000);
            drop(path);
            // What another proxy still holds stays.
            assert_eq!(shared.len(), 999_999);
            drop(shared);
        });
        long.unwrap().join().unwrap();
    }
}
