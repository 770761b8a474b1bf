//! Yes/no columns. Both databases store them as INTEGER 0 or 1: SQLite has
//! no boolean type, and sqlx's `Any` driver decodes a `bool` only from a
//! real boolean, so a flag is bound and read through `Flag` instead.

use sqlx::any::AnyTypeInfo;
use sqlx::decode::Decode;
use sqlx::encode::{Encode, IsNull};
use sqlx::error::BoxDynError;
use sqlx::{Database, Type};

use super::Db;

/// A yes/no column, stored as 0 or 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Flag(pub bool);

impl From<Flag> for bool {
    fn from(flag: Flag) -> bool {
        flag.0
    }
}

impl Type<Db> for Flag {
    fn type_info() -> AnyTypeInfo {
        <i32 as Type<Db>>::type_info()
    }

    fn compatible(ty: &AnyTypeInfo) -> bool {
        <i32 as Type<Db>>::compatible(ty)
    }
}

impl<'q> Encode<'q, Db> for Flag {
    fn encode_by_ref(&self, buf: &mut <Db as Database>::ArgumentBuffer<'q>) -> Result<IsNull, BoxDynError> {
        <i32 as Encode<'q, Db>>::encode(i32::from(self.0), buf)
    }
}

impl<'r> Decode<'r, Db> for Flag {
    fn decode(value: <Db as Database>::ValueRef<'r>) -> Result<Flag, BoxDynError> {
        <i64 as Decode<'r, Db>>::decode(value).map(|stored| Flag(stored != 0))
    }
}
