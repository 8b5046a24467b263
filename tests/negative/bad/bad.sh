#!/bin/sh
# Negative control for the shellcheck step: unquoted expansions.
set -eu
dir=$1
rm -rf $dir/*
