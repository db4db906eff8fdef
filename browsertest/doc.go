// Package browsertest holds the tests that click through the emulator's
// login and consent pages in a real browser: Debian's Chromium
// (/usr/bin/chromium, `apt-get install -y chromium`, which
// scripts/deps.sh installs) driven by github.com/chromedp/chromedp,
// against a real `kakaologin login --no-browser` process waiting on its
// loopback callback and a real emulator.
//
// Without Chromium the tests fail when CI=true or
// KAKAOLOGIN_BROWSER_TESTS=1, saying what to install, and are skipped
// otherwise (a developer's machine without a browser). Screenshots of
// each page go to a temporary directory, kept and logged when a test
// fails; with KAKAOLOGIN_UPDATE_SCREENSHOTS=1 they are also written to
// docs/screenshots/, where README.md shows them.
package browsertest
