//! What a replaced file keeps of the original: its owner, its extended attributes
//! (a POSIX ACL is the attribute `system.posix_acl_access`; SELinux labels, file
//! capabilities and `user.*` attributes are others), its exact mode, setuid,
//! setgid and sticky bits included, and on Linux its inode flags (`chattr`: no dump,
//! no atime, synchronous, secure deletion…).
//!
//! The order matters: `chown` clears the setuid and setgid bits and drops file
//! capabilities, and setting an ACL rewrites the group bits of the mode from the ACL's
//! mask, so the owner goes first, the attributes next and the mode last. Then the
//! copy is read back: anything that did not come out exactly as the original had it
//! refuses the write with the reason. A refusal leaves the plan as it was; a copy
//! with a wider mode or a lost ACL would open it to people it was closed to.

use std::ffi::OsString;
use std::fs::{self, File};

/// The metadata of a file that its replacement must carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Kept {
    #[cfg(unix)]
    mode: u32,
    #[cfg(unix)]
    owner: (u32, u32),
    #[cfg(not(unix))]
    permissions: fs::Permissions,
    /// Extended attributes, sorted by name.
    attributes: Vec<(OsString, Vec<u8>)>,
    /// The inode flags a copy carries ([`FLAGS`]), where the file system has them.
    flags: Option<u32>,
}

/// The inode flags carried over: those `chattr` sets on a file that can still be
/// written. Immutable and append-only files are refused before this (they cannot be
/// opened for writing); flags the file system keeps for itself (extents, inline
/// data) are its own business.
#[cfg(target_os = "linux")]
const FLAGS: u32 = {
    use rustix::fs::IFlags;
    IFlags::NODUMP.bits()
        | IFlags::NOATIME.bits()
        | IFlags::SYNC.bits()
        | IFlags::SECURE_REMOVAL.bits()
        | IFlags::UNRM.bits()
        | IFlags::COMPRESSED.bits()
        | IFlags::NOTAIL.bits()
        | IFlags::NOCOW.bits()
        | IFlags::JOURNALING.bits()
};

/// A file's inode flags, `None` where the file system has none.
#[cfg(target_os = "linux")]
fn flags(file: &File) -> Option<u32> {
    rustix::fs::ioctl_getflags(file).ok().map(|f| f.bits())
}

#[cfg(not(target_os = "linux"))]
fn flags(_file: &File) -> Option<u32> {
    None
}

impl Kept {
    /// Reads what `file` (open, with metadata `meta`) has to keep.
    pub(super) fn of(file: &File, meta: &fs::Metadata) -> Result<Kept, String> {
        Ok(Kept {
            #[cfg(unix)]
            mode: std::os::unix::fs::PermissionsExt::mode(&meta.permissions()) & 0o7777,
            #[cfg(unix)]
            owner: {
                use std::os::unix::fs::MetadataExt;
                (meta.uid(), meta.gid())
            },
            #[cfg(not(unix))]
            permissions: meta.permissions(),
            attributes: attributes(file)
                .map_err(|e| format!("its extended attributes cannot be read ({e})"))?,
            flags: flags(file),
        })
    }

    /// Gives `copy` the original's inode flags, before its bytes are written (some,
    /// such as no copy-on-write, take effect only on an empty file).
    pub(super) fn apply_flags(&self, copy: &File) -> Result<(), String> {
        #[cfg(target_os = "linux")]
        if let Some(wanted) = self.flags {
            use rustix::fs::IFlags;
            let Some(now) = flags(copy) else {
                return match wanted & FLAGS {
                    0 => Ok(()),
                    _ => Err("its file attributes (chattr) cannot be set on a copy".into()),
                };
            };
            let target = (now & !FLAGS) | (wanted & FLAGS);
            if target != now {
                rustix::fs::ioctl_setflags(copy, IFlags::from_bits_retain(target)).map_err(
                    |e| format!("its file attributes (chattr) cannot be carried over ({e})"),
                )?;
            }
        }
        #[cfg(not(target_os = "linux"))]
        let _ = copy;
        Ok(())
    }

    /// Gives `copy` (a new file roadmap made) the owner, attributes and mode of the
    /// original, then checks that they came out exactly so.
    pub(super) fn apply(&self, copy: &File) -> Result<(), String> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::{MetadataExt, PermissionsExt, fchown};
            let meta = copy.metadata().map_err(|e| e.to_string())?;
            if (meta.uid(), meta.gid()) != self.owner {
                // Only root can give a file away, and a member of a group can give it
                // to that group; a failure shows in the check below.
                let _ = fchown(copy, Some(self.owner.0), Some(self.owner.1));
            }
            self.copy_attributes(copy)?;
            copy.set_permissions(fs::Permissions::from_mode(self.mode))
                .map_err(|e| format!("its mode cannot be set on the copy ({e})"))?;
            let meta = copy.metadata().map_err(|e| e.to_string())?;
            if (meta.uid(), meta.gid()) != self.owner {
                return Err("replacing it would change its owner or group".into());
            }
            let mode = meta.mode() & 0o7777;
            if mode != self.mode {
                return Err(format!(
                    "its mode {:04o} cannot be kept (the copy would be {mode:04o}; setgid \
                     needs membership of the file's group)",
                    self.mode
                ));
            }
        }
        #[cfg(not(unix))]
        {
            self.copy_attributes(copy)?;
            copy.set_permissions(self.permissions.clone())
                .map_err(|e| format!("its permissions cannot be set on the copy ({e})"))?;
        }
        #[cfg(target_os = "linux")]
        if let Some(wanted) = self.flags
            && flags(copy).map(|f| f & FLAGS) != Some(wanted & FLAGS)
        {
            return Err("its file attributes (chattr) cannot be carried over exactly".into());
        }
        let now = attributes(copy).map_err(|e| e.to_string())?;
        if now != self.attributes {
            let differs = self
                .attributes
                .iter()
                .chain(&now)
                .find(|a| !now.contains(a) || !self.attributes.contains(a))
                .map_or_else(String::new, |(name, _)| name.to_string_lossy().into_owned());
            return Err(format!(
                "its extended attribute {differs} cannot be carried over exactly"
            ));
        }
        Ok(())
    }

    /// Makes `copy`'s extended attributes the original's: removes what the copy got
    /// that the original lacks (a default ACL of the directory gives new files an
    /// ACL), sets what differs.
    fn copy_attributes(&self, copy: &File) -> Result<(), String> {
        use xattr::FileExt;
        let present = attributes(copy).map_err(|e| e.to_string())?;
        for (name, _) in &present {
            if !self.attributes.iter().any(|(n, _)| n == name) {
                copy.remove_xattr(name).map_err(|e| {
                    format!(
                        "the copy's extended attribute {} cannot be removed ({e})",
                        name.to_string_lossy()
                    )
                })?;
            }
        }
        for (name, value) in &self.attributes {
            if present.iter().any(|(n, v)| n == name && v == value) {
                continue;
            }
            copy.set_xattr(name, value).map_err(|e| {
                format!(
                    "its extended attribute {} cannot be copied ({e})",
                    name.to_string_lossy()
                )
            })?;
        }
        Ok(())
    }
}

/// The extended attributes of an open file, sorted by name; none where the file
/// system or the platform has none.
fn attributes(file: &File) -> std::io::Result<Vec<(OsString, Vec<u8>)>> {
    use xattr::FileExt;
    if !xattr::SUPPORTED_PLATFORM {
        return Ok(Vec::new());
    }
    let names = match file.list_xattr() {
        Ok(names) => names,
        Err(e) if unsupported(&e) => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let mut out = Vec::new();
    for name in names {
        // An attribute removed since the list was made is not there to keep.
        if let Some(value) = file.get_xattr(&name)? {
            out.push((name, value));
        }
    }
    out.sort();
    Ok(out)
}

/// Whether an error means that the file system keeps no extended attributes.
fn unsupported(e: &std::io::Error) -> bool {
    // ENOTSUP: 95 on Linux, 45 on macOS and the BSDs.
    const ENOTSUP: i32 = if cfg!(target_os = "linux") { 95 } else { 45 };
    e.kind() == std::io::ErrorKind::Unsupported || e.raw_os_error() == Some(ENOTSUP)
}
