; sbat.asm - BOOTX64.EFI's SBAT section (.sbat, kept by objcopy -j .sbat in mk/loader-x64.mk).
; shim 15.3 and later refuses a second stage without one, so booting through shim and a
; Machine Owner Key needs it (docs/hardware.md, Secure Boot; Debian's shim-signed is x64
; only, so BOOTIA32.EFI has none). CSV lines: the SBAT format's own line, then this
; component and its generation, raised when a security fix must revoke older loaders.
section .sbat progbits alloc noexec nowrite align=1
    db "sbat,1,SBAT Version,sbat,1,https://github.com/rhboot/shim/blob/main/SBAT.md", 10
    db "mb2loader,1,mb2loader,mb2loader,", LOADER_VERSION_STR, ",-", 10
section .note.GNU-stack noalloc noexec nowrite progbits
