# Negative control: load a module that WARNs.  The host expects the guest
# log check to fail on this boot.
# shellcheck source=tests/guest/lib.sh
. /tests/lib.sh

check "insmod splat" insmod /lib/modules/splat.ko
done_testing
