import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSubnetError } from '../../core/errors.ts';
import { blake2_256 } from '../../devnet/trie/blake2.ts';
import { closedFormRoot } from '../../devnet/trie/closed-form-root.ts';
import { decodeNode, encodeNode } from '../../devnet/trie/node-codec.ts';
import { orderedTrieRoot } from '../../devnet/trie/ordered-root.ts';
import { readProof, verifyReadProof } from '../../devnet/trie/proof.ts';
import { LAYOUT_V0, LAYOUT_V1, Trie } from '../../devnet/trie/trie.ts';

const hex = (b: Uint8Array) => `0x${Buffer.from(b).toString('hex')}`;
const bytes = (h: string) => Uint8Array.from(Buffer.from(h.replace(/^0x/, ''), 'hex'));
const utf8 = (s: string) => new TextEncoder().encode(s);
const rootEncoding = (t: Trie) => hex(t.encoding(t.top!));

const EMPTY_ROOT = '0x03170a2e7597b7b7e3d84c05391d139a62b157e78786d8c082f29dcf4c111314';

describe('trie vectors from sp-trie and smoldot', () => {
  it('empty trie: root = blake2-256(0x00) (sp-trie codec_trie_empty, smoldot empty_root)', () => {
    expect(Trie.empty().rootHex()).toBe(EMPTY_ROOT);
    expect(hex(blake2_256(new Uint8Array([0])))).toBe(EMPTY_ROOT);
    expect(Trie.empty(LAYOUT_V0).rootHex()).toBe(EMPTY_ROOT);
  });

  it('sp-trie codec_trie_single_tuple: leaf 0x42, key aa, Compact(1), bb', () => {
    const t = Trie.fromEntries([['0xaa', bytes('bb')]]);
    expect(rootEncoding(t)).toBe('0x42aa04bb');
    expect(t.rootHex()).toBe(hex(blake2_256(bytes('42aa04bb'))));
  });

  it('sp-trie codec_trie_two_tuples_disjoint_keys / smoldot trie_root_example', () => {
    const t = Trie.fromEntries([
      ['0x4819', bytes('fe')],
      ['0x1314', bytes('ff')],
    ]);
    // branch without value, no nibble, slots 1 and 4; each child an inline 3-nibble leaf
    expect(rootEncoding(t)).toBe('0x' + '80' + '1200' + '14' + '430314' + '04ff' + '14' + '430819' + '04fe');
  });

  it('smoldot trie_root_one_node: "abcd" → "hello world"', () => {
    const expected = [
      122, 177, 134, 89, 211, 178, 120, 158, 242, 64, 13, 16, 113, 4, 199, 212, 251, 147, 208, 109, 154, 182, 168, 182, 65, 165, 222, 124, 63, 236, 200, 81,
    ];
    for (const layout of [LAYOUT_V0, LAYOUT_V1]) {
      expect([...Trie.fromEntries([[hex(utf8('abcd')), utf8('hello world')]], layout).root()]).toEqual(expected);
    }
  });

  it('smoldot node_value basic_test: branch with value, 3-nibble partial, two inline children', () => {
    const children = new Array<Uint8Array | undefined>(16);
    children[2] = utf8('foo');
    children[10] = utf8('bar');
    const encoded = encodeNode({ partial: '8c1', value: { inline: utf8('hello world') }, children });
    expect([...encoded]).toEqual([195, 8, 193, 4, 4, 44, 104, 101, 108, 108, 111, 32, 119, 111, 114, 108, 100, 12, 102, 111, 111, 12, 98, 97, 114]);
  });

  it('smoldot trie_node basic: a real branch node decodes and re-encodes byte for byte', () => {
    const node = Uint8Array.from([
      194, 99, 192, 0, 0, 128, 129, 254, 111, 21, 39, 188, 215, 18, 139, 76, 128, 157, 108, 33, 139, 232, 34, 73, 0, 21, 202, 54, 18, 71, 145, 117, 47, 222,
      189, 93, 119, 68, 128, 108, 211, 105, 98, 122, 206, 246, 73, 77, 237, 51, 77, 26, 166, 1, 52, 179, 173, 43, 89, 219, 104, 196, 190, 208, 128, 135, 177,
      13, 185, 111, 175,
    ]);
    const parts = decodeNode(node);
    expect(parts.partial).toBe('63');
    expect(parts.value).toEqual({ inline: new Uint8Array(0) });
    expect(parts.children!.flatMap((c, i) => (c ? [i] : []))).toEqual([6, 7]);
    expect(hex(parts.children![6]!)).toBe('0x81fe6f1527bcd7128b4c809d6c218be822490015ca36124791752fdebd5d7744');
    expect(encodeNode(parts)).toEqual(node);
  });

  // smoldot lib/src/trie/proof_decode/tests.rs: a proof from the Polkadot genesis block (V0 nodes)
  // prettier-ignore
  const POLKADOT_GENESIS_PROOF = Uint8Array.from([
    24, 212, 125, 1, 84, 37, 150, 173, 176, 93, 97, 64, 193, 112, 172, 71, 158, 223, 124, 253, 90, 163, 83, 87, 89, 10, 207, 229, 209, 26, 128, 77, 148, 78, 80, 13, 20, 86, 253, 218, 123, 142,
    199, 249, 229, 199, 148, 205, 131, 25, 79, 5, 147, 228, 234, 53, 5, 128, 63, 147, 128, 78, 76, 108, 66, 34, 183, 71, 229, 7, 0, 142, 241, 222, 240, 99, 187, 13, 45, 238, 173, 241, 126, 244,
    177, 14, 113, 98, 77, 58, 12, 248, 28, 128, 36, 31, 44, 6, 242, 46, 197, 137, 104, 251, 104, 212, 50, 49, 158, 37, 230, 200, 250, 163, 173, 44, 92, 169, 238, 72, 242, 232, 237, 21, 142,
    36, 128, 173, 138, 104, 35, 73, 50, 38, 152, 70, 188, 64, 36, 10, 71, 207, 216, 216, 133, 123, 29, 129, 225, 103, 191, 178, 76, 148, 122, 76, 218, 217, 230, 128, 200, 69, 144, 227, 159, 139,
    121, 162, 105, 74, 210, 191, 126, 114, 88, 175, 104, 107, 71, 47, 56, 176, 100, 187, 206, 125, 8, 64, 73, 49, 164, 48, 128, 92, 114, 242, 91, 27, 99, 4, 209, 102, 103, 226, 118, 111, 161,
    169, 6, 203, 8, 23, 136, 235, 69, 2, 120, 125, 247, 195, 89, 116, 18, 177, 123, 128, 110, 33, 197, 241, 162, 74, 25, 102, 21, 180, 229, 179, 109, 33, 40, 12, 220, 200, 0, 152, 193, 226,
    188, 232, 238, 175, 48, 30, 153, 81, 118, 116, 128, 66, 79, 26, 205, 128, 186, 7, 74, 44, 232, 209, 128, 191, 52, 136, 165, 202, 145, 203, 129, 251, 169, 108, 140, 60, 29, 51, 234, 203, 177,
    129, 96, 128, 94, 132, 157, 92, 20, 140, 163, 97, 165, 90, 44, 155, 56, 78, 23, 206, 145, 158, 147, 108, 203, 128, 17, 164, 247, 37, 4, 233, 249, 61, 184, 205, 128, 237, 208, 5, 161, 73, 92,
    112, 37, 13, 119, 248, 28, 36, 193, 90, 153, 25, 240, 52, 247, 152, 61, 248, 229, 5, 229, 58, 90, 247, 180, 2, 19, 128, 18, 160, 221, 144, 73, 123, 101, 49, 43, 218, 103, 234, 21, 153, 101,
    120, 238, 179, 137, 27, 202, 134, 102, 149, 26, 50, 102, 18, 65, 142, 49, 67, 177, 4, 128, 85, 93, 128, 67, 251, 73, 124, 27, 42, 123, 158, 79, 235, 89, 244, 16, 193, 162, 158, 40, 178, 166,
    40, 255, 156, 96, 3, 224, 128, 246, 185, 250, 221, 149, 249, 128, 110, 141, 145, 27, 104, 24, 3, 142, 183, 200, 83, 74, 248, 231, 142, 153, 32, 161, 171, 141, 147, 156, 54, 211, 230, 155,
    10, 30, 89, 40, 17, 11, 128, 186, 77, 63, 84, 57, 87, 244, 34, 180, 12, 142, 116, 175, 157, 224, 10, 203, 235, 168, 21, 74, 252, 165, 122, 127, 128, 251, 188, 254, 187, 30, 74, 128, 61,
    27, 143, 92, 241, 120, 139, 41, 69, 55, 184, 253, 45, 52, 172, 236, 70, 70, 167, 98, 124, 108, 211, 210, 3, 154, 246, 79, 245, 209, 151, 109, 128, 231, 98, 15, 33, 207, 19, 150, 79, 41, 211,
    75, 167, 8, 195, 180, 78, 164, 94, 161, 28, 88, 251, 190, 221, 162, 157, 19, 71, 11, 200, 12, 160, 128, 249, 138, 174, 79, 131, 216, 27, 241, 93, 136, 1, 158, 92, 48, 61, 124, 25, 208, 82,
    78, 132, 199, 20, 224, 95, 97, 81, 124, 222, 11, 19, 130, 128, 213, 24, 250, 245, 102, 253, 196, 208, 69, 9, 74, 190, 55, 43, 179, 187, 236, 212, 117, 63, 118, 219, 140, 65, 186, 159,
    192, 21, 85, 139, 242, 58, 128, 144, 143, 153, 17, 38, 209, 44, 231, 172, 213, 85, 8, 255, 30, 125, 255, 165, 111, 116, 36, 1, 225, 129, 79, 193, 70, 150, 88, 167, 140, 122, 127, 128, 1,
    176, 160, 141, 160, 200, 50, 83, 213, 192, 203, 135, 114, 134, 192, 98, 218, 47, 83, 10, 228, 36, 254, 37, 69, 55, 121, 65, 253, 1, 105, 19, 53, 5, 128, 179, 167, 128, 162, 159, 172, 127,
    125, 250, 226, 29, 5, 217, 80, 110, 125, 166, 81, 91, 127, 161, 173, 151, 15, 248, 118, 222, 53, 241, 190, 194, 89, 158, 192, 2, 128, 91, 103, 114, 220, 106, 78, 118, 4, 200, 208, 101, 36,
    121, 249, 91, 52, 54, 7, 194, 217, 19, 140, 89, 238, 183, 153, 216, 91, 244, 59, 107, 191, 128, 61, 18, 190, 203, 106, 75, 153, 25, 221, 199, 197, 151, 61, 4, 238, 215, 105, 108, 131, 79,
    144, 199, 121, 252, 31, 207, 115, 80, 204, 194, 141, 107, 128, 95, 51, 235, 207, 25, 31, 221, 207, 59, 63, 52, 110, 195, 54, 193, 5, 199, 75, 64, 164, 211, 93, 253, 160, 197, 146, 242, 190,
    160, 0, 132, 233, 128, 247, 100, 199, 51, 214, 227, 87, 113, 169, 178, 106, 31, 168, 107, 155, 236, 89, 116, 43, 4, 111, 105, 139, 230, 193, 64, 175, 16, 115, 137, 125, 61, 128, 205, 59,
    200, 195, 206, 60, 248, 53, 159, 115, 113, 161, 51, 22, 240, 47, 210, 43, 2, 163, 211, 39, 104, 74, 43, 97, 244, 164, 126, 0, 34, 184, 128, 218, 117, 42, 250, 235, 146, 93, 83, 0, 228, 91,
    133, 16, 82, 197, 248, 169, 197, 170, 232, 132, 241, 93, 100, 118, 78, 223, 150, 27, 139, 34, 200, 128, 191, 31, 169, 199, 228, 201, 67, 64, 219, 175, 215, 92, 190, 1, 108, 152, 13, 14, 93,
    91, 78, 118, 130, 63, 161, 30, 97, 98, 144, 20, 195, 75, 128, 79, 84, 161, 94, 93, 81, 208, 43, 132, 232, 202, 233, 76, 152, 51, 174, 129, 229, 107, 143, 11, 104, 77, 37, 127, 111, 114, 46,
    230, 108, 173, 249, 128, 148, 131, 63, 178, 220, 232, 199, 141, 68, 60, 214, 120, 110, 12, 1, 216, 151, 74, 75, 119, 156, 23, 142, 245, 230, 107, 73, 224, 33, 221, 127, 26, 225, 2, 159, 12,
    93, 121, 93, 2, 151, 190, 86, 2, 122, 75, 36, 100, 227, 51, 151, 96, 146, 128, 243, 50, 255, 85, 106, 191, 93, 175, 13, 52, 82, 61, 247, 200, 205, 19, 105, 188, 182, 173, 187, 35, 164,
    128, 147, 191, 7, 10, 151, 17, 191, 52, 128, 56, 41, 52, 19, 74, 169, 25, 181, 156, 22, 255, 141, 232, 217, 122, 127, 220, 194, 68, 142, 163, 39, 178, 111, 68, 0, 93, 117, 109, 23, 133,
    135, 128, 129, 214, 52, 20, 11, 54, 206, 3, 28, 75, 108, 98, 102, 226, 167, 193, 157, 154, 136, 227, 143, 221, 138, 210, 58, 189, 61, 178, 14, 113, 79, 105, 128, 253, 225, 112, 65, 242, 47,
    9, 96, 157, 121, 219, 227, 141, 204, 206, 252, 170, 193, 57, 199, 161, 15, 178, 59, 210, 132, 193, 196, 146, 176, 4, 253, 128, 210, 135, 173, 29, 10, 222, 101, 230, 77, 57, 105, 244, 171,
    133, 163, 112, 118, 129, 96, 49, 67, 140, 234, 11, 248, 195, 59, 123, 43, 198, 195, 48, 141, 8, 159, 3, 230, 211, 193, 251, 21, 128, 94, 223, 208, 36, 23, 46, 164, 129, 125, 255, 255, 128,
    21, 40, 51, 227, 74, 133, 46, 151, 81, 207, 192, 249, 84, 174, 184, 53, 225, 248, 67, 147, 107, 169, 151, 152, 83, 164, 14, 67, 153, 55, 37, 95, 128, 106, 54, 224, 173, 35, 251, 50, 36, 255,
    246, 230, 219, 98, 4, 132, 99, 167, 242, 124, 203, 146, 246, 91, 78, 52, 138, 205, 90, 122, 163, 160, 104, 128, 39, 182, 224, 153, 193, 21, 129, 251, 46, 138, 207, 59, 107, 148, 234, 237,
    68, 34, 119, 185, 167, 76, 231, 249, 34, 246, 227, 191, 41, 89, 134, 123, 128, 253, 12, 194, 200, 70, 219, 106, 158, 209, 154, 113, 93, 108, 60, 212, 106, 72, 183, 244, 9, 136, 60, 112,
    178, 212, 201, 120, 179, 6, 222, 55, 158, 128, 171, 0, 138, 120, 195, 64, 245, 204, 117, 217, 156, 219, 144, 89, 81, 147, 102, 134, 68, 92, 131, 71, 25, 190, 33, 247, 98, 11, 149, 13, 205,
    92, 128, 109, 134, 175, 84, 213, 223, 177, 192, 111, 63, 239, 221, 90, 67, 8, 97, 192, 209, 158, 37, 250, 212, 186, 208, 124, 110, 112, 212, 166, 121, 240, 184, 128, 243, 94, 220, 84, 0,
    182, 102, 31, 177, 230, 251, 167, 197, 153, 200, 186, 137, 20, 88, 209, 68, 0, 3, 15, 165, 6, 153, 154, 25, 114, 54, 159, 128, 116, 108, 218, 160, 183, 218, 46, 156, 56, 100, 151, 31, 80,
    241, 45, 155, 66, 129, 248, 4, 213, 162, 219, 166, 235, 224, 105, 89, 178, 169, 251, 71, 128, 46, 207, 222, 17, 69, 100, 35, 200, 127, 237, 128, 104, 244, 20, 165, 186, 68, 235, 227, 174,
    145, 176, 109, 20, 204, 35, 26, 120, 212, 171, 166, 142, 128, 246, 85, 41, 24, 51, 164, 156, 242, 61, 5, 123, 177, 92, 66, 211, 119, 197, 93, 80, 245, 136, 83, 41, 6, 11, 10, 170, 178, 34,
    131, 203, 177, 128, 140, 149, 251, 43, 98, 186, 243, 7, 24, 184, 51, 14, 246, 138, 82, 124, 151, 193, 188, 153, 96, 48, 67, 83, 34, 77, 138, 138, 232, 138, 121, 213, 128, 69, 193, 182,
    217, 144, 74, 225, 113, 213, 115, 189, 206, 186, 160, 81, 66, 216, 22, 72, 189, 190, 177, 108, 238, 221, 197, 74, 14, 209, 93, 62, 43, 128, 168, 234, 25, 50, 130, 254, 133, 182, 72, 23, 7,
    9, 28, 119, 201, 33, 142, 161, 157, 233, 20, 231, 89, 80, 146, 95, 232, 100, 0, 251, 12, 176, 128, 194, 34, 206, 171, 83, 85, 234, 164, 29, 168, 7, 20, 111, 46, 45, 247, 255, 100, 140, 62,
    139, 187, 109, 142, 226, 50, 116, 186, 114, 69, 81, 177, 128, 8, 241, 66, 220, 60, 89, 191, 17, 81, 200, 41, 236, 239, 234, 53, 145, 158, 128, 69, 61, 181, 233, 102, 159, 90, 115, 137, 154,
    170, 81, 102, 238, 128, 79, 29, 33, 251, 220, 1, 128, 196, 222, 136, 107, 244, 15, 145, 223, 194, 32, 43, 62, 182, 212, 37, 72, 212, 118, 144, 128, 65, 221, 97, 123, 184,
  ]);
  const POLKADOT_GENESIS_ROOT = Uint8Array.from([
    41, 208, 217, 114, 205, 39, 203, 197, 17, 233, 88, 159, 203, 122, 69, 6, 213, 235, 106, 158, 141, 242, 5, 240, 4, 114, 229, 171, 53, 74, 78, 23,
  ]);
  /** the proof is a SCALE `Vec<Vec<u8>>` */
  function proofNodes(): Uint8Array[] {
    const nodes: Uint8Array[] = [];
    let o = 1; // compact(6)
    expect(POLKADOT_GENESIS_PROOF[0]).toBe(6 << 2);
    while (o < POLKADOT_GENESIS_PROOF.length) {
      const b0 = POLKADOT_GENESIS_PROOF[o];
      const [len, size] = (b0 & 3) === 0 ? [b0 >> 2, 1] : [(b0 | (POLKADOT_GENESIS_PROOF[o + 1] << 8)) >> 2, 2];
      nodes.push(POLKADOT_GENESIS_PROOF.subarray(o + size, o + size + len));
      o += size + len;
    }
    return nodes;
  }
  const KEY = '0x9c5d795d0297be56027a4b2464e3339763e6d3c1fb15805edfd024172ea4817d7081542596adb05d6140c170ac479edf7cfd5aa35357590acfe5d11a804d944e';

  it('smoldot proof_decode storage_value_works: a Polkadot genesis read proof verifies against its state root', () => {
    const nodes = proofNodes();
    expect(nodes.length).toBe(6);
    expect(hex(verifyReadProof(POLKADOT_GENESIS_ROOT, nodes, KEY)!)).toBe('0x0d1456fdda7b8ec7f9e5c794cd83194f0593e4ea');
    expect(verifyReadProof(POLKADOT_GENESIS_ROOT, nodes, `${KEY}25`)).toBeUndefined();
    const incomplete = () => verifyReadProof(POLKADOT_GENESIS_ROOT, nodes, '0x9c5d795d0297be56027a4b2464e3339763e6d3c1fb15805edfd024172ea4817d7000');
    expect(incomplete).toThrow(/not in the proof/);
    expect(() => verifyReadProof(new Uint8Array(32), nodes, '0x')).toThrow(expect.objectContaining({ code: 'TRIE_PROOF_INCOMPLETE' }));
  });

  it('ordered trie root = the extrinsicsRoot of a real block (a Substrate node, captured in web3.js-plugin-polkadot tests)', () => {
    // block 0xbac2: one extrinsic (timestamp.set), extrinsicsRoot 0xc0fa38...
    expect(orderedTrieRoot([bytes('0x280401000b10f28e778c01')])).toBe('0xc0fa389ae8109dffe61ddd306afddd9035c34aba3a3c70c7f0a1a29c1c86b329');
    expect(orderedTrieRoot([])).toBe(EMPTY_ROOT);
  });

  it('ordered trie keys are SCALE compact indices (index 64 is the 2-byte 0x0101)', () => {
    const values = Array.from({ length: 70 }, (_, i) => Uint8Array.of(i));
    const byHand = Trie.fromEntries(
      values.map((v, i) => [i < 64 ? hex(Uint8Array.of(i << 2)) : hex(Uint8Array.of(((i << 2) | 1) & 0xff, i >> 6)), v] as const),
      LAYOUT_V0,
    );
    expect(orderedTrieRoot(values)).toBe(byHand.rootHex());
    expect(byHand.get('0x0101')).toEqual(Uint8Array.of(64));
  });
});

describe('node codec (sp-trie node_header.rs size_and_prefix_iterator)', () => {
  const leafHeader = (n: number, value = Uint8Array.of(1)) => encodeNode({ partial: '1'.repeat(n), value: { inline: value } }).subarray(0, 3);
  it('nibble counts in the header: one byte below the kind maximum, then continuation bytes', () => {
    expect(hex(leafHeader(62).subarray(0, 1))).toBe('0x7e');
    expect(hex(leafHeader(63).subarray(0, 2))).toBe('0x7f00'); // 63 = 62 + 0 + 1
    expect(hex(leafHeader(64).subarray(0, 2))).toBe('0x7f01');
    expect(hex(leafHeader(62 + 255).subarray(0, 2))).toBe('0x7ffe');
    expect(hex(leafHeader(63 + 255).subarray(0, 3))).toBe('0x7fff00');
    // hashed-value leaf: 5 bits (max 31); hashed-value branch: 4 bits (max 15)
    const hashed = { hashed: new Uint8Array(32) };
    expect(encodeNode({ partial: '1'.repeat(30), value: hashed })[0]).toBe(0x20 | 30);
    expect(hex(encodeNode({ partial: '1'.repeat(31), value: hashed }).subarray(0, 2))).toBe('0x3f00');
    const children = new Array<Uint8Array | undefined>(16);
    children[0] = Uint8Array.of(0x40, 0);
    expect(encodeNode({ partial: '1'.repeat(14), value: hashed, children })[0]).toBe(0x10 | 14);
    expect(hex(encodeNode({ partial: '1'.repeat(15), value: hashed, children }).subarray(0, 2))).toBe('0x1f00');
    expect(encodeNode({ partial: '', children })[0]).toBe(0x80);
    expect(encodeNode({ partial: '', value: { inline: new Uint8Array(0) }, children })[0]).toBe(0xc0);
  });

  it('decode(encode(node)) is the node for every kind and nibble counts up to 700', () => {
    const hashed = { hashed: blake2_256(Uint8Array.of(1)) };
    const children = new Array<Uint8Array | undefined>(16);
    children[3] = blake2_256(Uint8Array.of(2));
    children[15] = Uint8Array.of(0x41, 0x05, 0x04, 0x09);
    for (let n = 0; n <= 700; n += n < 70 ? 1 : 37) {
      const partial = 'a5'.repeat(n).slice(0, n);
      for (const parts of [
        { partial, value: { inline: Uint8Array.of(1, 2) } },
        { partial, value: hashed },
        { partial, children },
        { partial, value: { inline: new Uint8Array(70) }, children },
        { partial, value: hashed, children },
      ]) {
        expect(decodeNode(encodeNode(parts))).toEqual(parts);
      }
    }
  });

  it('gossamer (Go Polkadot Host) Test_Node_Encode and Test_encodeHeader vectors: hashed-value leaf and branch, long headers', () => {
    const largeValue = utf8('newvaluewithmorethan32byteslength'); // 33 bytes: hashed in V1
    expect(largeValue.length).toBe(33);
    const hashed = { hashed: blake2_256(largeValue) };
    expect(encodeNode({ partial: '123', value: hashed })).toEqual(Uint8Array.from([0x20 | 3, 0x01, 0x23, ...hashed.hashed]));
    const children = new Array<Uint8Array | undefined>(16);
    children[3] = Uint8Array.from([65, 9, 4, 1]); // leaf, partial [9], value [1]
    children[7] = Uint8Array.from([65, 11, 4, 1]);
    expect(encodeNode({ partial: '123', value: hashed, children })).toEqual(
      Uint8Array.from([0x10 | 3, 0x01, 0x23, 136, 0, ...hashed.hashed, 16, 65, 9, 4, 1, 16, 65, 11, 4, 1]),
    );
    expect(encodeNode({ partial: '123', value: { inline: Uint8Array.of(100) }, children })).toEqual(
      Uint8Array.from([0xc0 | 3, 0x01, 0x23, 136, 0, 4, 100, 16, 65, 9, 4, 1, 16, 65, 11, 4, 1]),
    );
    expect(encodeNode({ partial: '123', value: { inline: new Uint8Array(0) } })).toEqual(Uint8Array.from([0x40 | 3, 0x01, 0x23, 0]));
    // leaf_with_key_length_over_3_bytes: 63 + 255 + 1 nibbles
    expect(hex(leafHeader(63 + 255 + 1).subarray(0, 3))).toBe('0x7fff01');
  });

  it('malformed nodes are refused with TRIE_NODE_CODEC', () => {
    for (const bad of ['0x', '0x0001', '0x42aa08bb', '0x41f004bb', '0x800000', '0x8001', '0x42aa04bbcc']) {
      let err: unknown;
      try {
        decodeNode(bytes(bad));
      } catch (e) {
        err = e;
      }
      expect(isSubnetError(err, 'TRIE_NODE_CODEC'), bad).toBe(true);
    }
  });
});

describe('V1 hashed values (TRIE_VALUE_NODE_THRESHOLD = 33)', () => {
  it('a 32-byte value stays inline, a 33-byte value is stored as its hash', () => {
    const v32 = new Uint8Array(32).fill(7);
    const v33 = new Uint8Array(33).fill(7);
    expect(rootEncoding(Trie.fromEntries([['0xaa', v32]]))).toBe(`0x42aa80${'07'.repeat(32)}`);
    expect(rootEncoding(Trie.fromEntries([['0xaa', v33]]))).toBe(`0x22aa${hex(blake2_256(v33)).slice(2)}`);
    // LayoutV0 never hashes
    expect(rootEncoding(Trie.fromEntries([['0xaa', v33]], LAYOUT_V0))).toBe(`0x42aa84${'07'.repeat(33)}`);
    // a branch with a hashed value: 0x10 | nibbles
    const t = Trie.fromEntries([
      ['0xaa', v33],
      ['0xaa01', Uint8Array.of(1)],
    ]);
    expect(rootEncoding(t).slice(0, 6)).toBe('0x12aa');
  });

  it('the read proof of a hashed value carries the value node; verification returns the value', () => {
    const v33 = new Uint8Array(33).fill(9);
    const t = Trie.fromEntries([
      ['0xaa', v33],
      ['0xbb', Uint8Array.of(1)],
    ]);
    const proof = readProof(t, ['0xaa']);
    expect(proof).toContain(hex(v33));
    expect(verifyReadProof(t.root(), proof, '0xaa')).toEqual(v33);
    expect(() =>
      verifyReadProof(
        t.root(),
        proof.filter((p) => p !== hex(v33)),
        '0xaa',
      ),
    ).toThrow(/value node/);
  });
});

/** A closed-form root (as trie-root's `trie_root_no_extension`): the node built from the sorted entries under a prefix. */
function referenceEncoding(entries: [string, Uint8Array][], depth: number, maxInline = 33): Uint8Array {
  // longest common prefix of the group below `depth`
  const first = entries[0][0];
  const last = entries[entries.length - 1][0];
  let common = depth;
  while (common < first.length && common < last.length && first[common] === last[common]) common++;
  const partial = first.slice(depth, common);
  let value: Uint8Array | undefined;
  const rest = entries.filter(([k, v]) => {
    if (k.length === common) value = v;
    return k.length > common;
  });
  const valuePart = value === undefined ? undefined : value.length >= maxInline ? { hashed: blake2_256(value) } : { inline: value };
  if (rest.length === 0) return encodeNode({ partial, value: valuePart });
  const children = new Array<Uint8Array | undefined>(16);
  for (let i = 0; i < 16; i++) {
    const c = '0123456789abcdef'[i];
    const group = rest.filter(([k]) => k[common] === c);
    if (!group.length) continue;
    const enc = referenceEncoding(group, common + 1, maxInline);
    children[i] = enc.length < 32 ? enc : blake2_256(enc);
  }
  return encodeNode({ partial, value: valuePart, children });
}
function referenceRoot(map: Map<string, Uint8Array>): string {
  if (map.size === 0) return EMPTY_ROOT;
  const entries = [...map].map(([k, v]) => [k.slice(2), v] as [string, Uint8Array]).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return hex(blake2_256(referenceEncoding(entries, 0)));
}

describe('closest descendant Merkle value (chainHead_v1_storage)', () => {
  it('is the root hash for the empty prefix, a node reference below, undefined off the trie', () => {
    const t = Trie.fromEntries([
      ['0xaa01', new Uint8Array(40).fill(1)],
      ['0xaa02', new Uint8Array(40).fill(2)],
      ['0xbb', Uint8Array.of(3)],
    ]);
    expect(t.closestDescendantMerkleValue('0x')).toEqual(t.root());
    // 0xaa: the branch at nibbles "aa0" (its partial "a0" under the root's slot a) is the closest descendant
    const branch = t.top!.children![10]!;
    expect(t.closestDescendantMerkleValue('0xaa')).toEqual(t.reference(branch));
    expect(t.closestDescendantMerkleValue('0xaa')).toEqual(blake2_256(t.encoding(branch)));
    expect(t.closestDescendantMerkleValue('0xaa02')).toEqual(blake2_256(t.encoding(branch.children![2]!)));
    // a node under 32 bytes is its own Merkle value (inline)
    expect(t.closestDescendantMerkleValue('0xbb')).toEqual(t.encoding(t.top!.children![11]!));
    expect(t.closestDescendantMerkleValue('0xab')).toBeUndefined();
    expect(t.closestDescendantMerkleValue('0xaa0201')).toBeUndefined();
    expect(Trie.empty().closestDescendantMerkleValue('0x')).toBeUndefined();
  });
});

describe('incremental updates', () => {
  // small alphabets and lengths so that keys share prefixes, nest and collide
  const key = fc.array(fc.constantFrom(0x00, 0x01, 0x10, 0xab, 0xff), { minLength: 0, maxLength: 4 }).map((b) => hex(Uint8Array.from(b)));
  const value = fc.oneof(fc.uint8Array({ minLength: 0, maxLength: 40 }), fc.constantFrom(new Uint8Array(32), new Uint8Array(33)));
  const changes = fc.array(fc.tuple(key, fc.option(value, { nil: null })), { maxLength: 25 });

  it('a trie updated block by block equals a full rebuild and the closed-form root; older tries stay as they were', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(key, value), { maxLength: 30 }), fc.array(changes, { maxLength: 6 }), (initial, blocks) => {
        const state = new Map<string, Uint8Array>(initial);
        let trie = Trie.fromEntries(initial);
        expect(trie.rootHex()).toBe(referenceRoot(state));
        for (const block of blocks) {
          const before = trie.rootHex();
          const snapshot = new Map(state);
          const next = trie.with(block);
          for (const [k, v] of block) {
            if (v === null) state.delete(k);
            else state.set(k, v);
          }
          expect(next.rootHex()).toBe(Trie.fromEntries(state).rootHex());
          expect(next.rootHex()).toBe(referenceRoot(state));
          expect(closedFormRoot(state, LAYOUT_V1)).toBe(next.rootHex());
          expect(closedFormRoot(state, LAYOUT_V0)).toBe(Trie.fromEntries(state, LAYOUT_V0).rootHex());
          for (const [k, v] of state) expect(next.get(k)).toEqual(v);
          // the parent trie is untouched (recent blocks keep theirs for proofs)
          for (const [k] of block) expect(trie.get(k)).toEqual(snapshot.get(k));
          expect(Trie.fromEntries(snapshot).rootHex()).toBe(before);
          trie = next;
        }
        // removing everything gives the empty root
        expect(trie.with([...state.keys()].map((k) => [k, null] as const)).rootHex()).toBe(EMPTY_ROOT);
      }),
      { numRuns: 150 },
    );
  });

  it('read proofs of present and absent keys verify against the root', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(key, value), { minLength: 1, maxLength: 30 }), fc.array(key, { minLength: 1, maxLength: 5 }), (entries, asked) => {
        const state = new Map<string, Uint8Array>(entries);
        const trie = Trie.fromEntries(entries);
        const keys = [...asked, entries[0][0]];
        const proof = readProof(trie, keys);
        expect(proof).toEqual([...new Set(proof)].sort());
        for (const k of keys) expect(verifyReadProof(trie.root(), proof, k)).toEqual(state.get(k));
      }),
      { numRuns: 150 },
    );
  });
});
