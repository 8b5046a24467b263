# Negative control: load a module that WARNs.  The host expects the guest
# log check to fail on this boot.
. /tests/lib.sh

check "insmod splat" insmod /lib/modules/splat.ko
done_testing
