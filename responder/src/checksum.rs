//! CRC-32 (IEEE 802.3, the checksum of zip and PNG): what ends a bundle, a
//! second-tier file and each of tantivy's index files.
//!
//! One byte at a time from a 1 KB table. The page's module checks bundles
//! with it: `crc32fast`'s 16 KB of tables, for 16 bytes at a time, were
//! 17 KB of that module gzipped (8 %), for files of a few hundred kilobytes.
//! The worker's engine still links `crc32fast` through tantivy; the
//! encoder's 12 MB file keeps it too (its own crate, its own module). A test
//! holds the two equal.

/// The table for one byte: the CRC of each byte value.
const TABLE: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut n = 0;
    while n < 256 {
        let mut crc = n as u32;
        let mut bit = 0;
        while bit < 8 {
            crc = if crc & 1 == 1 {
                0xedb8_8320 ^ (crc >> 1)
            } else {
                crc >> 1
            };
            bit += 1;
        }
        table[n] = crc;
        n += 1;
    }
    table
};

/// The CRC-32 of `bytes`.
pub(crate) fn crc32(bytes: &[u8]) -> u32 {
    !bytes.iter().fold(!0u32, |crc, &byte| {
        TABLE[usize::from(crc as u8 ^ byte)] ^ (crc >> 8)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equals_crc32fast() {
        assert_eq!(crc32(b""), 0);
        assert_eq!(crc32(b"123456789"), 0xcbf4_3926);
        let bytes: Vec<u8> = (0..100_000u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        for end in [1, 7, 4096, bytes.len()] {
            assert_eq!(crc32(&bytes[..end]), crc32fast::hash(&bytes[..end]));
        }
    }
}
