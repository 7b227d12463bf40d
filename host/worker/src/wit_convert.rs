//! Conversions between the protocol's types and the WIT-generated ones.

use serde_bytes::ByteBuf;

use remoteobj_protocol::{
    AttributeInfo, ClassInfo, ErrorKind, MethodInfo, Op, ParamInfo, RemoteError, Reply, Schema,
    TypeDesc,
};

use crate::bindings::wit;

/// A protocol op as the guest's WIT `op`.
pub(crate) fn op_to_wit(op: Op) -> wit::Op {
    match op {
        Op::GetAttr(name) => wit::Op::Getattr(name),
        Op::GetItem(key) => wit::Op::Getitem(key.into_vec()),
        Op::Call { args, kwargs } => wit::Op::Call(call_args(args, kwargs)),
        Op::SetAttr(name, value) => wit::Op::Setattr(wit::SetAttr {
            name,
            value: value.into_vec(),
        }),
        Op::SetItem(key, value) => wit::Op::Setitem(wit::SetItem {
            key: key.into_vec(),
            value: value.into_vec(),
        }),
        Op::DelAttr(name) => wit::Op::Delattr(name),
        Op::DelItem(key) => wit::Op::Delitem(key.into_vec()),
        Op::Len => wit::Op::Len,
        Op::Contains(key) => wit::Op::Contains(key.into_vec()),
        Op::Super => wit::Op::Super,
        Op::PassTo { func, args, kwargs } => wit::Op::Passto(wit::PasstoCall {
            function: func,
            args: call_args(args, kwargs),
        }),
    }
}

fn call_args(args: Vec<ByteBuf>, kwargs: Vec<(String, ByteBuf)>) -> wit::CallArgs {
    wit::CallArgs {
        positional: args.into_iter().map(ByteBuf::into_vec).collect(),
        named: kwargs
            .into_iter()
            .map(|(name, value)| wit::NamedArg {
                name,
                value: value.into_vec(),
            })
            .collect(),
    }
}

/// The guest's `outcome` as a reply.
pub(crate) fn outcome_from_wit(outcome: wit::Outcome) -> Reply {
    match outcome {
        wit::Outcome::Value(bytes) => Reply::Value(ByteBuf::from(bytes)),
        wit::Outcome::This => Reply::This,
    }
}

/// The guest's `error` as a remote error.
pub(crate) fn error_from_wit(e: wit::Error) -> RemoteError {
    let kind = match e.kind {
        wit::ErrorKind::Attribute => ErrorKind::Attribute,
        wit::ErrorKind::Key => ErrorKind::Key,
        wit::ErrorKind::Index => ErrorKind::Index,
        wit::ErrorKind::Type => ErrorKind::Type,
        wit::ErrorKind::Value => ErrorKind::Value,
        wit::ErrorKind::NotCallable => ErrorKind::NotCallable,
        wit::ErrorKind::Unsupported => ErrorKind::Unsupported,
        wit::ErrorKind::Runtime => ErrorKind::Runtime,
        wit::ErrorKind::InvalidRequest => ErrorKind::InvalidRequest,
    };
    RemoteError {
        kind,
        type_name: e.type_name,
        message: e.message,
        trace: e.trace,
    }
}

/// The guest's `schema` as the host's.
pub(crate) fn schema_from_wit(s: wit::Schema) -> Schema {
    Schema {
        version: s.version,
        type_name: s.type_name,
        doc: s.doc,
        attributes: attributes(s.attributes),
        methods: methods(s.methods),
        bases: s.bases,
        active: s.active,
        types: s.types.into_iter().map(type_from_wit).collect(),
        classes: s
            .classes
            .into_iter()
            .map(|c| ClassInfo {
                type_name: c.type_name,
                doc: c.doc,
                attributes: attributes(c.attributes),
                methods: methods(c.methods),
                bases: c.bases,
            })
            .collect(),
    }
}

fn attributes(list: Vec<wit::AttributeInfo>) -> Vec<AttributeInfo> {
    list.into_iter()
        .map(|a| AttributeInfo {
            name: a.name,
            type_name: a.type_,
            type_index: a.type_index,
            in_place: a.in_place,
            read_only: a.read_only,
            doc: a.doc,
        })
        .collect()
}

fn methods(list: Vec<wit::MethodInfo>) -> Vec<MethodInfo> {
    list.into_iter()
        .map(|m| MethodInfo {
            name: m.name,
            params: m
                .params
                .into_iter()
                .map(|p| ParamInfo {
                    name: p.name,
                    type_name: p.type_,
                    type_index: p.type_index,
                    optional: p.optional,
                    keyword_only: p.keyword_only,
                    default: p.default,
                })
                .collect(),
            returns: m.returns,
            returns_index: m.returns_index,
            doc: m.doc,
        })
        .collect()
}

fn type_from_wit(t: wit::TypeDesc) -> TypeDesc {
    use wit::TypeDesc as W;
    match t {
        W::Any => TypeDesc::Any,
        W::Unit => TypeDesc::Unit,
        W::Bool => TypeDesc::Bool,
        W::Signed(bits) => TypeDesc::Signed(bits),
        W::Unsigned(bits) => TypeDesc::Unsigned(bits),
        W::Float(bits) => TypeDesc::Float(bits),
        W::Char => TypeDesc::Char,
        W::Text => TypeDesc::Text,
        W::Bytes => TypeDesc::Bytes,
        W::List(i) => TypeDesc::List(i),
        W::Option(i) => TypeDesc::Option(i),
        W::Dict((k, v)) => TypeDesc::Dict(k, v),
        W::Tuple(items) => TypeDesc::Tuple(items),
        W::Object(class) => TypeDesc::Object(class),
        W::This => TypeDesc::This,
        W::Named(name) => TypeDesc::Named(name),
    }
}
