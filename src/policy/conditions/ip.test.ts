import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import ipaddr from 'ipaddr.js';
import { parseIpv6Parts } from './ip.js';
import { table } from './test-table.js';



const MIXED = ['203.0.113.0/24', '2001:DB8:1234:5678::/64'];

describe('IP address operators', () => {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IPAddress
  // (IpAddress aws:SourceIp "203.0.113.0/24" is 203.0.113.0 to 203.0.113.255; the mixed IPv4 and
  // IPv6 example; "If you specify an IP address without the associated routing prefix, IAM uses
  // the default prefix value of /32"; the key is absent behind a VPC endpoint and does not match)
  describe('worked examples from "Condition operators"', () => {
    table([
      ['IpAddress', ['203.0.113.0/24'], '203.0.113.0', true],
      ['IpAddress', ['203.0.113.0/24'], '203.0.113.255', true],
      ['IpAddress', ['203.0.113.0/24'], '203.0.112.255', false],
      ['IpAddress', ['203.0.113.0/24'], '203.0.114.0', false],
      ['IpAddress', ['203.0.113.0/24'], undefined, false],
      ['IpAddress', MIXED, '203.0.113.7', true],
      ['IpAddress', MIXED, '2001:db8:1234:5678::1', true],
      ['IpAddress', MIXED, '2001:db8:1234:5678:ffff:ffff:ffff:ffff', true],
      ['IpAddress', MIXED, '2001:db8:1234:5679::1', false],
      ['IpAddress', MIXED, '198.51.100.1', false],
      ['IpAddress', ['203.0.113.5'], '203.0.113.5', true],
      ['IpAddress', ['203.0.113.5'], '203.0.113.6', false],
    ]);
  });

  describe('prefixes', () => {
    table([
      ['IpAddress', ['0.0.0.0/0'], '8.8.8.8', true],
      ['IpAddress', ['0.0.0.0/0'], '2001:db8::1', false],
      ['IpAddress', ['::/0'], '2001:db8::1', true],
      ['IpAddress', ['::/0'], '8.8.8.8', false],
      ['IpAddress', ['203.0.113.77/24'], '203.0.113.1', true],
      ['IpAddress', ['10.0.0.0/9'], '10.127.255.255', true],
      ['IpAddress', ['10.0.0.0/9'], '10.128.0.0', false],
      ['IpAddress', ['10.0.0.1/32'], '10.0.0.1', true],
      ['IpAddress', ['2001:db8::/33'], '2001:db8:7fff::1', true],
      ['IpAddress', ['2001:db8::/33'], '2001:db8:8000::1', false],
      ['IpAddress', ['2001:db8::1'], '2001:0db8:0000:0000:0000:0000:0000:0001', true],
      ['IpAddress', ['2001:db8::1'], '2001:db8::2', false],
      ['IpAddress', ['2001:db8::/128'], '2001:db8::', true],
      ['IpAddress', ['2001:db8::/127'], '2001:db8::1', true],
    ]);
  });

  describe('IPv4-mapped IPv6', () => {
    table([
      ['IpAddress', ['203.0.113.0/24'], '::ffff:203.0.113.9', true],
      ['IpAddress', ['203.0.113.0/24'], '::ffff:cb00:7109', true],
      ['IpAddress', ['203.0.113.0/24'], '::ffff:203.0.114.9', false],
      ['IpAddress', ['::ffff:203.0.113.0/120'], '203.0.113.9', true],
      ['IpAddress', ['::ffff:203.0.113.0/120'], '203.0.114.9', false],
      ['IpAddress', ['::ffff:0:0/96'], '1.2.3.4', true],
      ['IpAddress', ['::/0'], '::ffff:1.2.3.4', true],
      ['NotIpAddress', ['203.0.113.0/24'], '::ffff:203.0.113.9', false],
    ]);
  });

  // A policy value that is not an address or range is accepted and matches nothing.
  describe('policy values that are not ranges', () => {
    table([
      ['IpAddress', ['not-an-ip'], '1.2.3.4', false],
      ['IpAddress', ['10.0.0.0/33'], '10.0.0.1', false],
      ['IpAddress', ['::/129'], '::1', false],
      ['IpAddress', ['10.0.0.0/'], '10.0.0.1', false],
      ['IpAddress', ['10.0.0.0/x'], '10.0.0.1', false],
      ['IpAddress', ['10.0.0.0/8/8'], '10.0.0.1', false],
      ['IpAddress', ['010.0.0.1'], '10.0.0.1', false],
      ['IpAddress', ['1.2.3'], '1.2.3.0', false],
      ['IpAddress', ['vpce-1a2b3c4d'], 'vpce-1a2b3c4d', false],
      ['IpAddress', ['not-an-ip', '10.0.0.0/8'], '10.0.0.1', true],
      ['NotIpAddress', ['not-an-ip'], '10.0.0.1', true],
    ]);
  });

  describe('context values that are not addresses match nothing', () => {
    table([
      ['IpAddress', ['0.0.0.0/0'], 'vpce-123', false],
      ['IpAddress', ['0.0.0.0/0'], '', false],
      ['IpAddress', ['0.0.0.0/0'], '1.2.3', false],
      ['IpAddress', ['0.0.0.0/0'], '1.2.3.256', false],
      ['IpAddress', ['0.0.0.0/0'], '1.2.3.4.5', false],
      ['IpAddress', ['0.0.0.0/0'], '01.2.3.4', false],
      ['IpAddress', ['0.0.0.0/0'], '1..2.3', false],
      ['IpAddress', ['0.0.0.0/0'], '1.2.3.4/32', false],
      ['IpAddress', ['::/0'], 'fe80::1%eth0', false],
      ['IpAddress', ['::/0'], '2001:db8:::1', false],
      ['NotIpAddress', ['10.0.0.0/8'], 'garbage', true],
    ]);
  });

  // Negation and missing keys: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
  // Several ranges of NotIpAddress are a NOR: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html
  describe('NotIpAddress, IfExists and qualifiers', () => {
    table([
      ['NotIpAddress', ['203.0.113.0/24'], '198.51.100.1', true],
      ['NotIpAddress', ['203.0.113.0/24'], '203.0.113.1', false],
      ['NotIpAddress', ['203.0.113.0/24'], undefined, true],
      ['NotIpAddress', ['203.0.113.0/24', '10.0.0.0/8'], '10.1.1.1', false],
      ['NotIpAddress', ['203.0.113.0/24', '10.0.0.0/8'], '192.0.2.1', true],
      ['NotIpAddress', MIXED, '2001:db8:1234:5678::1', false],
      ['IpAddressIfExists', ['10.0.0.0/8'], undefined, true],
      ['IpAddressIfExists', ['10.0.0.0/8'], '11.0.0.1', false],
      ['NotIpAddressIfExists', ['10.0.0.0/8'], undefined, true],
      ['ForAnyValue:IpAddress', ['10.0.0.0/8'], ['192.0.2.1', '10.0.0.1'], true],
      ['ForAllValues:IpAddress', ['10.0.0.0/8'], ['192.0.2.1', '10.0.0.1'], false],
    ]);
  });

  // The request path parses IPv6 itself; ipaddr.js (which parses policy values) is the reference.
  describe('parseIpv6Parts agrees with ipaddr.js', () => {
    const samples = [
      '::', '::1', '1::', '1::2', '2001:db8::1', '2001:0db8:0000:0000:0000:0000:0000:0001', '::ffff:1.2.3.4',
      '::ffff:cb00:7109', '1:2:3:4:5:6:7:8', '1:2:3:4:5:6:1.2.3.4', 'FFFF::', 'fe80::1:2', '1::2:3:4:5:6:7',
      '::1:2:3:4:5:6:7', '1:2:3:4:5:6:7::', '0:0:0:0:0:ffff:1.2.3.4',
      '', ':', ':::', '1:::2', '1::2::3', '1:2:3:4:5:6:7', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7:8::', '12345::',
      'g::1', '1:', ':1', '1::2:3:4:5:6:7:8', '::ffff:1.2.3', '::ffff:1.2.3.4:5', '1.2.3.4', '::1 ',
      '::ffff:1.2.3.256', '1:2:3:4:5:6:7:1.2.3.4', '::0xa',
    ];
    for (const text of samples) {
      it(JSON.stringify(text), () => {
        let expected: number[] | undefined;
        try {
          expected = ipaddr.IPv6.parse(text).parts;
        } catch {
          expected = undefined;
        }
        assert.deepEqual(parseIpv6Parts(text), expected);
      });
    }

    // Where they differ on purpose: zone ids are refused; an IPv4 tail is strict dotted-quad; and
    // "::1.2.3.4" is the (deprecated) IPv4-compatible address of RFC 4291, which ipaddr.js reads
    // as IPv4-mapped.
    const differ: ReadonlyArray<readonly [string, number[] | undefined]> = [
      ['fe80::1%eth0', undefined],
      ['::ffff:01.2.3.4', undefined],
      ['::1.2.3.4', [0, 0, 0, 0, 0, 0, 0x0102, 0x0304]],
    ];
    for (const [text, expected] of differ) {
      it(`${JSON.stringify(text)} (differs from ipaddr.js)`, () => assert.deepEqual(parseIpv6Parts(text), expected));
    }
  });
});
