/* mock_efi.h - a pretend UEFI firmware for host tests of the loader's firmware-facing code.
 *
 * ConOut is captured as ASCII; AllocatePages/FreePages hand out real memory below 2 GiB
 * (mmap MAP_32BIT, so the loader's 4 GiB limit holds on the host) within a budget;
 * FreePool frees what a mock allocated with malloc. Every call is logged as one letter
 * in mock_calls, so a test can assert what happened in which order. Tests add the
 * services they exercise (a volume, GOP, the memory map) to mock_bs themselves.
 * Built with gnu-efi's x86_64 headers and the x64 loader's calling convention
 * (mk/loader-efi-file.mk). */
#ifndef TESTS_UNIT_MOCK_EFI_H
#define TESTS_UNIT_MOCK_EFI_H

#include "loader/efi/console.h"

extern EFI_BOOT_SERVICES mock_bs;
extern EFI_SYSTEM_TABLE mock_st;

extern EFI_RUNTIME_SERVICES mock_rt; /* GetVariable: "ConOut" only */
extern uint8_t mock_conout_var[64];  /* the "ConOut" variable's device paths */
extern UINTN mock_conout_var_size;   /* 0 (mock_efi_up): no such variable */
extern char mock_conout[8192]; /* everything printed on ConOut since mock_efi_up */
extern char mock_calls[256];   /* A AllocatePages, F FreePages, O OutputString, and
                                  the letters tests log with mock_log */
extern UINTN mock_pages_free;  /* AllocatePages fails beyond this many pages */
extern UINTN mock_pages_out;   /* handed out and not given back */
extern EFI_PHYSICAL_ADDRESS mock_hand_out_at;      /* nonzero: ignore MaxAddress, give this */
extern EFI_PHYSICAL_ADDRESS mock_last_max_address; /* what the last AllocatePages asked */
extern EFI_PHYSICAL_ADDRESS mock_asked[16]; /* the address or limit of each AllocatePages */
extern unsigned mock_nasked;
/* AllocateMaxAddress below this finds nothing (host memory lies higher); AllocateAddress
 * always finds its address taken. */
#define MOCK_LOWEST_MAX 0x400000ull

/* A fresh firmware (1024 pages free, nothing printed), con_init'ed on it. */
void mock_efi_up(void);
/* What a loader returning to the firmware must leave: pages_release_all gives back
 * everything, so no page stays out. */
void mock_efi_down(void);
/* Appends one letter to mock_calls. */
void mock_log(char c);

#endif
