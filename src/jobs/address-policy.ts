// Which addresses an outbound call may connect to (RELIABILITY I6). Judged on IP addresses,
// never on how a URL spelled them: the client resolves first and checks what it connects to,
// so "2130706433", "0177.0.0.1", "localhost" and DNS rebinding all reduce to an address here.
import { BlockList, isIP } from 'node:net';

export interface OutboundPolicy {
  /**
   * For self-hosters whose receivers are internal: hostnames (matched against the URL's host,
   * any address allowed) and IP addresses or CIDRs (matched against the connected address).
   */
  allowedHosts?: readonly string[];
}

type Range = [address: string, prefix: number];

// Order matters only for the reason reported: specific metadata addresses before their ranges.
const RULES: [reason: string, v4: Range[], v6: Range[]][] = [
  ['a cloud metadata address', [['169.254.169.254', 32], ['100.100.100.200', 32], ['192.0.0.192', 32]], [['fd00:ec2::254', 128]]],
  ['a loopback address', [['127.0.0.0', 8]], [['::1', 128]]],
  ['an unspecified address', [['0.0.0.0', 8]], [['::', 128]]],
  ['a private address', [['10.0.0.0', 8], ['172.16.0.0', 12], ['192.168.0.0', 16]], []],
  ['a carrier-grade NAT address', [['100.64.0.0', 10]], []],
  ['a link-local address', [['169.254.0.0', 16]], [['fe80::', 10]]],
  ['a unique-local address', [], [['fc00::', 7], ['fec0::', 10]]],
  ['a multicast address', [['224.0.0.0', 4]], [['ff00::', 8]]],
  [
    'a reserved address',
    [['192.0.0.0', 24], ['192.0.2.0', 24], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24], ['240.0.0.0', 4]],
    [['::', 96], ['100::', 64], ['2001:db8::', 32]],
  ],
];

const BLOCKED: [reason: string, list: BlockList][] = RULES.map(([reason, v4, v6]) => {
  const list = new BlockList();
  for (const [address, prefix] of v4) list.addSubnet(address, prefix, 'ipv4');
  for (const [address, prefix] of v6) list.addSubnet(address, prefix, 'ipv6');
  return [reason, list];
});

/** Hosts that name metadata services without being addresses. */
const BLOCKED_HOSTNAMES = new Set(['metadata.google.internal', 'metadata.goog', 'metadata']);

/** The 8 groups of an IPv6 address, or null when it is not one. */
function ipv6Groups(address: string): number[] | null {
  if (isIP(address) !== 6) return null;
  let text = address.toLowerCase().split('%')[0];
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted[1].split('.').map(Number);
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const fill = tail === undefined ? [] : new Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...fill, ...right].map((g) => parseInt(g, 16));
}

/**
 * The IPv4 address an IPv6 address carries and would reach: IPv4-mapped (::ffff:a.b.c.d, in
 * any spelling), NAT64 (64:ff9b::/96) and 6to4 (2002::/16).
 */
export function embeddedIpv4(address: string): string | null {
  const g = ipv6Groups(address);
  if (!g) return null;
  const quad = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  if (zeros(0, 5) && g[5] === 0xffff) return quad(g[6], g[7]);
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return quad(g[6], g[7]);
  if (g[0] === 0x2002) return quad(g[1], g[2]);
  return null;
}

function allowList(policy: OutboundPolicy): { names: Set<string>; addresses: BlockList } {
  const names = new Set<string>();
  const addresses = new BlockList();
  for (const entry of policy.allowedHosts ?? []) {
    const [address, prefix] = entry.split('/');
    const family = isIP(address);
    if (family === 0) names.add(entry.toLowerCase());
    else if (prefix === undefined) addresses.addAddress(address, family === 4 ? 'ipv4' : 'ipv6');
    else addresses.addSubnet(address, Number(prefix), family === 4 ? 'ipv4' : 'ipv6');
  }
  return { names, addresses };
}

const compiled = new WeakMap<OutboundPolicy, ReturnType<typeof allowList>>();

function allowed(policy: OutboundPolicy): ReturnType<typeof allowList> {
  let entry = compiled.get(policy);
  if (!entry) {
    entry = allowList(policy);
    compiled.set(policy, entry);
  }
  return entry;
}

/** True when the URL's host is allow-listed by name: any address it resolves to is accepted. */
export function isAllowedHostname(hostname: string, policy: OutboundPolicy): boolean {
  return allowed(policy).names.has(hostname.toLowerCase());
}

/** Why a connection to this host name must not even be resolved, or null. */
export function blockedHostnameReason(hostname: string): string | null {
  return BLOCKED_HOSTNAMES.has(hostname.toLowerCase().replace(/\.$/, '')) ? `"${hostname}" names a cloud metadata service` : null;
}

/** Why connecting to this IP address is refused, or null when it is allowed. */
export function blockedAddressReason(address: string, policy: OutboundPolicy = {}): string | null {
  const plain = address.split('%')[0];
  const family = isIP(plain);
  if (family === 0) return `"${address}" is not an IP address`;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (allowed(policy).addresses.check(plain, type)) return null;
  const v4 = family === 6 ? embeddedIpv4(plain) : null;
  if (v4) {
    const inner = blockedAddressReason(v4, policy);
    return inner ? `${address} embeds ${v4}, ${inner.slice(inner.indexOf(' is ') + 4)}` : null;
  }
  for (const [reason, list] of BLOCKED) {
    if (list.check(plain, type)) return `${address} is ${reason}`;
  }
  return null;
}
