//! JSON in the browser's modules: `JSON.parse` and `JSON.stringify` do the
//! text; [`Value`] walks what `JSON.parse` made for serde's derived readers,
//! and serde-wasm-bindgen's serializer builds the values to stringify.
//!
//! [`Value`] is ours rather than serde-wasm-bindgen's deserializer: it reads
//! only what `JSON.parse` can make (null, booleans, numbers, strings, arrays,
//! objects), limits nesting as serde_json does, and describes a value of the
//! wrong type without formatting floating-point numbers. serde's own
//! description of an unexpected number formats it, and that formatting was
//! 14 KB of the page's module.

use std::fmt;

use js_sys::{Array, JSON, Object, Reflect};
use serde::Serialize;
use serde::de::value::StringDeserializer;
use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, EnumAccess, Expected, IntoDeserializer,
    MapAccess, SeqAccess, Unexpected, VariantAccess, Visitor,
};
use wasm_bindgen::{JsCast, JsValue};

/// How deep arrays and objects may nest (serde_json's limit too).
const MAX_DEPTH: u32 = 128;

pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    let value = JSON::parse(text).map_err(|e| reason(&e, "not JSON"))?;
    T::deserialize(Value { value, depth: 0 }).map_err(|e| e.0)
}

pub fn from_slice<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, String> {
    from_str(std::str::from_utf8(bytes).map_err(|_| String::from("not UTF-8"))?)
}

pub fn to_string<T: Serialize>(value: &T) -> String {
    // As JSON has them: objects for maps, `null` for `None`.
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    value
        .serialize(&serializer)
        .ok()
        .and_then(|value| JSON::stringify(&value).ok())
        .and_then(|text| text.as_string())
        .unwrap_or_default()
}

/// The message of a JS error (a `SyntaxError` from `JSON.parse`), or
/// `fallback`.
fn reason(error: &JsValue, fallback: &str) -> String {
    Reflect::get(error, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .or_else(|| error.as_string())
        .unwrap_or_else(|| fallback.into())
}

/// Why a value did not fit.
#[derive(Debug)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }

    fn invalid_type(unexpected: Unexpected<'_>, expected: &dyn Expected) -> Self {
        Error(format!(
            "invalid type: {}, expected {expected}",
            describe(unexpected)
        ))
    }

    fn invalid_value(unexpected: Unexpected<'_>, expected: &dyn Expected) -> Self {
        Error(format!(
            "invalid value: {}, expected {expected}",
            describe(unexpected)
        ))
    }
}

/// What serde's `Display` of `Unexpected` says, except that a number with a
/// fraction is not written out.
fn describe(unexpected: Unexpected<'_>) -> String {
    match unexpected {
        Unexpected::Bool(b) => format!("boolean `{b}`"),
        Unexpected::Unsigned(n) => format!("integer `{n}`"),
        Unexpected::Signed(n) => format!("integer `{n}`"),
        Unexpected::Float(_) => "a number with a fraction".into(),
        Unexpected::Char(c) => format!("character `{c}`"),
        Unexpected::Str(s) => format!("string {s:?}"),
        Unexpected::Bytes(_) => "bytes".into(),
        Unexpected::Unit | Unexpected::Option => "null".into(),
        Unexpected::NewtypeStruct | Unexpected::NewtypeVariant => "a value".into(),
        Unexpected::Seq | Unexpected::TupleVariant => "an array".into(),
        Unexpected::Map | Unexpected::StructVariant => "an object".into(),
        Unexpected::Enum | Unexpected::UnitVariant => "a variant".into(),
        Unexpected::Other(other) => other.into(),
    }
}

/// A value `JSON.parse` made, `depth` arrays and objects down.
struct Value {
    value: JsValue,
    depth: u32,
}

impl Value {
    /// A value inside this one.
    fn child(&self, value: JsValue) -> Result<Value, Error> {
        match self.depth < MAX_DEPTH {
            true => Ok(Value {
                value,
                depth: self.depth + 1,
            }),
            false => Err(Error(format!(
                "nested deeper than {MAX_DEPTH} arrays and objects"
            ))),
        }
    }

    /// The error for this value where `expected` was wanted (not generic:
    /// one copy serves every reader).
    fn mismatch(&self, expected: &dyn Expected) -> Error {
        let value = &self.value;
        let unexpected = if value.is_null() || value.is_undefined() {
            Unexpected::Unit
        } else if let Some(b) = value.as_bool() {
            Unexpected::Bool(b)
        } else if value.as_f64().is_some() {
            Unexpected::Other("a number")
        } else if value.is_string() {
            Unexpected::Other("a string")
        } else if Array::is_array(value) {
            Unexpected::Seq
        } else {
            Unexpected::Map
        };
        de::Error::invalid_type(unexpected, expected)
    }

    /// This value as an array's elements.
    fn elements(&self) -> Option<Elements<'_>> {
        let array: Array = self.value.dyn_ref::<Array>()?.clone();
        Some(Elements {
            parent: self,
            length: array.length(),
            array,
            next: 0,
        })
    }

    /// This value as an object's fields (an array is not one here).
    fn fields(&self) -> Option<Fields<'_>> {
        if Array::is_array(&self.value) {
            return None;
        }
        let object = self.value.dyn_ref::<Object>()?.clone();
        Some(Fields {
            parent: self,
            keys: Object::keys(&object),
            object,
            next: 0,
            value: None,
        })
    }

    /// This value as a whole number in f64's exact range: unsigned or not.
    fn whole(&self) -> Option<Result<u64, i64>> {
        const EXACT: f64 = 9_007_199_254_740_992.0;
        let n = self.value.as_f64()?;
        (n.fract() == 0.0 && n.abs() <= EXACT).then_some(match n >= 0.0 {
            true => Ok(n as u64),
            false => Err(n as i64),
        })
    }

    /// This value as an object of one field: an enum's variant.
    fn variant(&self) -> Option<Result<Variant, Error>> {
        let object = self.value.dyn_ref::<Object>()?;
        let keys = Object::keys(object);
        if keys.length() != 1 || Array::is_array(object) {
            return None;
        }
        let key = keys.get(0);
        let inner = Reflect::get(object, &key).unwrap_or(JsValue::UNDEFINED);
        Some(self.child(inner).map(|value| Variant {
            name: key.as_string().unwrap_or_default(),
            value,
        }))
    }
}

/// Readers of numbers, by the type serde asks for.
macro_rules! whole_numbers {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            match self.whole() {
                Some(Ok(n)) => visitor.visit_u64(n),
                Some(Err(n)) => visitor.visit_i64(n),
                None => Err(self.mismatch(&visitor)),
            }
        }
    )*};
}

// Each reader looks only for the kind of value the type asks for (serde's
// derived readers say), so each copy for a type stays small; only
// `deserialize_any` (untyped values) looks at every kind.
impl<'de> Deserializer<'de> for Value {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let value = &self.value;
        if value.is_null() || value.is_undefined() {
            return visitor.visit_unit();
        }
        if let Some(b) = value.as_bool() {
            return visitor.visit_bool(b);
        }
        if let Some(n) = value.as_f64() {
            return match self.whole() {
                Some(Ok(n)) => visitor.visit_u64(n),
                Some(Err(n)) => visitor.visit_i64(n),
                None => visitor.visit_f64(n),
            };
        }
        if let Some(s) = value.as_string() {
            return visitor.visit_string(s);
        }
        if let Some(elements) = self.elements() {
            return visitor.visit_seq(elements);
        }
        match self.fields() {
            Some(fields) => visitor.visit_map(fields),
            None => Err(self.mismatch(&visitor)),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value.as_bool() {
            Some(b) => visitor.visit_bool(b),
            None => Err(self.mismatch(&visitor)),
        }
    }

    whole_numbers! {
        deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_f64(visitor)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value.as_f64() {
            Some(n) => visitor.visit_f64(n),
            None => Err(self.mismatch(&visitor)),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value.as_string() {
            Some(s) => visitor.visit_string(s),
            None => Err(self.mismatch(&visitor)),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_string(visitor)
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_string(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_string(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value.is_null() || self.value.is_undefined() {
            true => visitor.visit_none(),
            false => visitor.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value.is_null() || self.value.is_undefined() {
            true => visitor.visit_unit(),
            false => Err(self.mismatch(&visitor)),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.elements() {
            Some(elements) => visitor.visit_seq(elements),
            None => Err(self.mismatch(&visitor)),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.fields() {
            Some(fields) => visitor.visit_map(fields),
            None => Err(self.mismatch(&visitor)),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_map(visitor)
    }

    /// A unit variant as its name (`"en"`), any other as an object of one
    /// field named after it (`{"p": [...]}`), as serde_json has them.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        if let Some(name) = self.value.as_string() {
            return visitor.visit_enum(name.into_deserializer());
        }
        match self.variant() {
            Some(variant) => visitor.visit_enum(variant?),
            None => Err(self.mismatch(&visitor)),
        }
    }

    /// Unknown fields are skipped unread.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! { i128 u128 bytes byte_buf }
}

/// An array's elements.
struct Elements<'a> {
    parent: &'a Value,
    array: Array,
    length: u32,
    next: u32,
}

impl<'de> SeqAccess<'de> for Elements<'_> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        if self.next == self.length {
            return Ok(None);
        }
        let element = self.array.get(self.next);
        self.next += 1;
        seed.deserialize(self.parent.child(element)?).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some((self.length - self.next) as usize)
    }
}

/// An object's fields, in `Object.keys` order.
struct Fields<'a> {
    parent: &'a Value,
    object: Object,
    keys: Array,
    next: u32,
    /// The value of the key just read.
    value: Option<JsValue>,
}

impl<'de> MapAccess<'de> for Fields<'_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        if self.next == self.keys.length() {
            return Ok(None);
        }
        let key = self.keys.get(self.next);
        self.next += 1;
        self.value = Some(Reflect::get(&self.object, &key).unwrap_or(JsValue::UNDEFINED));
        let key: StringDeserializer<Error> =
            key.as_string().unwrap_or_default().into_deserializer();
        seed.deserialize(key).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let value = self.value.take().unwrap_or(JsValue::UNDEFINED);
        seed.deserialize(self.parent.child(value)?)
    }
}

/// The variant of an enum written as an object of one field.
struct Variant {
    name: String,
    value: Value,
}

impl<'de> EnumAccess<'de> for Variant {
    type Error = Error;
    type Variant = Value;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Value), Error> {
        let name: StringDeserializer<Error> = self.name.into_deserializer();
        Ok((seed.deserialize(name)?, self.value))
    }
}

impl<'de> VariantAccess<'de> for Value {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        de::Deserialize::deserialize(self)
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
        seed.deserialize(self)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_any(visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_any(visitor)
    }
}
