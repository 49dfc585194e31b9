/** The short commit of the checkout at cwd, with "-dirty" for changed tracked files; null outside a checkout. */
export function gitCommit(cwd?: string): string | null;
