import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { blockedAddressReason, embeddedIpv4 } from '../../src/jobs/address-policy.ts';
import { blockedUrlReason } from '../../src/jobs/outbound-http.ts';

describe('outbound address policy', () => {
  const blocked: [string, RegExp][] = [
    ['127.0.0.1', /loopback/],
    ['127.8.9.10', /loopback/],
    ['10.0.0.1', /private/],
    ['172.16.5.4', /private/],
    ['172.31.255.255', /private/],
    ['192.168.1.1', /private/],
    ['169.254.169.254', /metadata/],
    ['169.254.1.1', /link-local/],
    ['100.64.0.1', /carrier-grade NAT/],
    ['100.100.100.200', /metadata/],
    ['0.0.0.0', /unspecified/],
    ['0.1.2.3', /unspecified/],
    ['224.0.0.1', /multicast/],
    ['255.255.255.255', /reserved/],
    ['::1', /loopback/],
    ['::', /unspecified/],
    ['fe80::1', /link-local/],
    ['fe80::1%eth0', /link-local/],
    ['fc00::1', /unique-local/],
    ['fd12:3456::1', /unique-local/],
    ['fd00:ec2::254', /metadata/],
    ['ff02::1', /multicast/],
    ['::ffff:127.0.0.1', /embeds 127\.0\.0\.1, a loopback/],
    ['::ffff:7f00:1', /embeds 127\.0\.0\.1/],
    ['::ffff:a9fe:a9fe', /embeds 169\.254\.169\.254, a cloud metadata/],
    ['::ffff:169.254.169.254', /embeds 169\.254\.169\.254/],
    ['0:0:0:0:0:ffff:0a00:0001', /embeds 10\.0\.0\.1/],
    ['64:ff9b::a00:1', /embeds 10\.0\.0\.1/],
    ['2002:7f00:1::', /embeds 127\.0\.0\.1/],
    ['::127.0.0.1', /reserved/],
  ];
  for (const [address, reason] of blocked) {
    it(`blocks ${address} and says why`, () => {
      assert.match(blockedAddressReason(address) ?? 'allowed', reason);
    });
  }

  for (const address of ['93.184.216.34', '8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8']) {
    it(`allows the public address ${address}`, () => {
      assert.equal(blockedAddressReason(address), null);
    });
  }

  it('reads the IPv4 address carried by mapped, NAT64 and 6to4 IPv6 addresses', () => {
    assert.equal(embeddedIpv4('::ffff:a9fe:a9fe'), '169.254.169.254');
    assert.equal(embeddedIpv4('64:ff9b::808:808'), '8.8.8.8');
    assert.equal(embeddedIpv4('2002:0a00:0001::1'), '10.0.0.1');
    assert.equal(embeddedIpv4('2606:4700::1'), null);
    assert.equal(embeddedIpv4('10.0.0.1'), null);
  });

  it('lets the allow-list open addresses and CIDRs, nothing else', () => {
    const policy = { allowedHosts: ['127.0.0.1', '10.1.0.0/16', 'hooks.internal'] };
    assert.equal(blockedAddressReason('127.0.0.1', policy), null);
    assert.match(blockedAddressReason('127.0.0.2', policy) ?? '', /loopback/);
    assert.equal(blockedAddressReason('10.1.200.3', policy), null);
    assert.match(blockedAddressReason('10.2.0.1', policy) ?? '', /private/);
    assert.equal(blockedAddressReason('::ffff:127.0.0.1', policy), null);
  });

  it('judges URLs by scheme, by the normalised IP literal and by metadata host names', () => {
    const reason = (url: string) => blockedUrlReason(new URL(url), {});
    assert.match(reason('file:///etc/passwd') ?? '', /"file" scheme/);
    assert.match(reason('gopher://127.0.0.1:6379/_INFO') ?? '', /"gopher" scheme/);
    assert.match(reason('ftp://example.com/') ?? '', /"ftp" scheme/);
    assert.match(reason('http://2130706433/') ?? '', /loopback/);
    assert.match(reason('http://0177.0.0.1/') ?? '', /loopback/);
    assert.match(reason('http://0x7f.1/') ?? '', /loopback/);
    assert.match(reason('http://[::ffff:169.254.169.254]/') ?? '', /metadata/);
    assert.match(reason('http://metadata.google.internal/computeMetadata/v1/') ?? '', /metadata service/);
    assert.equal(reason('https://example.com/hook'), null);
    assert.equal(blockedUrlReason(new URL('http://hooks.internal/x'), { allowedHosts: ['hooks.internal'] }), null);
  });
});
