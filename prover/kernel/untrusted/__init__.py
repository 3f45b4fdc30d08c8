"""Certificate finders: untrusted oracles. Nothing here can make a step `checked`; every
answer is re-checked by a kernel rule with exact arithmetic."""
