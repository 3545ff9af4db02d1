# image.mk - `make image`: build/esp.img, a GPT disk image (one FAT32 EFI System
# Partition at 1 MiB) holding esp/, to write to a USB stick (docs/hardware.md).
#
#   make image                          esp/ as it is
#   make image IMAGE_CMDLINE="debug"    also append "debug" to the kernel command line
#                                       in the image's boot.cfg (esp/ is not changed)
#   ./run.sh --usb                      boots it in QEMU as a USB stick
IMAGE := $(BUILD)/esp.img
IMAGE_CMDLINE ?=

.PHONY: image
# Rebuilt every time (about a second): the image holds whatever esp/ holds, and
# esp/ gains files (BOOTX64.EFI, boot.cfg) from several fragments.
image: esp
	sh tools/mkimage.sh esp $(IMAGE) "$(IMAGE_CMDLINE)"
