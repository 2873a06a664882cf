import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bodyHash, EMPTY_BODY_HASH, sha3Hex } from '../../protocol/bittensor-http/body-hash.ts';
import { pythonJsonDumps, pythonJsonLoads } from '../../protocol/bittensor-http/python-json.ts';
import { pyFloatRepr, pyRepr, pyStr, pyStrRepr } from '../../protocol/bittensor-http/python-repr.ts';
import { fromPyValue, pyFloat, toPyValue, type PyDict, type PyValue } from '../../protocol/bittensor-http/python-value.ts';
import { axonSignedMessage, dendriteSignedMessage } from '../../protocol/bittensor-http/signed-messages.ts';
import { synapseBody } from '../../protocol/bittensor-http/synapse-body.ts';
import { fromHeaders, toHeaders } from '../../protocol/bittensor-http/synapse-headers.ts';
import { TerminalInfoCastError } from '../../protocol/bittensor-http/terminal-info.ts';
import { versionAsInt } from '../../protocol/bittensor-http/version.ts';
import { NonceGuard } from '../../protocol/bittensor-http/nonce-guard.ts';

// Expected strings below were printed by CPython 3.11 (repr, str, json.dumps, hashlib.sha3_256).

describe('Python repr emulation', () => {
  it('writes floats as repr(float) does', () => {
    const cases: [number, string][] = [
      [1.0, '1.0'],
      [1e-5, '1e-05'],
      [1e16, '1e+16'],
      [1e15, '1000000000000000.0'],
      [0.1, '0.1'],
      [1 / 3, '0.3333333333333333'],
      [123456789.123, '123456789.123'],
      [-0, '-0.0'],
      [1.5e-7, '1.5e-07'],
      [2.5e300, '2.5e+300'],
      [0.0001, '0.0001'],
      [12345678901234567.0, '1.2345678901234568e+16'],
      [Infinity, 'inf'],
      [-Infinity, '-inf'],
      [NaN, 'nan'],
      [5e-324, '5e-324'],
      [1.7976931348623157e308, '1.7976931348623157e+308'],
      [100.0, '100.0'],
      [-2.5, '-2.5'],
      [0.00012345, '0.00012345'],
      [9999999999999998.0, '9999999999999998.0'],
      [1e22, '1e+22'],
      [123e-20, '1.23e-18'],
    ];
    for (const [x, py] of cases) expect(pyFloatRepr(x), String(x)).toBe(py);
  });

  it('matches CPython on random doubles, and always round-trips', () => {
    // [IEEE-754 bits, repr(x)] printed by CPython 3.11 for 40 random doubles and a decade sweep
    const vectors: [string, string][] = [
      ['f2a74de452e6b438', '-1.989032661366619e+244'],
      ['6513270e269e0d37', '7.761117632285041e+178'],
      ['0c5c7fd0a6a3a450', '3.980498358697587e-249'],
      ['d23f0824128b2f33', '-1.5432835417340557e+88'],
      ['1818e811892f902b', '1.3647584518757569e-192'],
      ['9531985d5d9dc9f8', '-1.3701135617873088e-206'],
      ['e8e25d940ed90475', '-1.7160537630466207e+197'],
      ['36f675cc81e74ef5', '6.294675241195386e-44'],
      ['1600a35a099950d8', '1.0613447212142254e-202'],
      ['6b0d549b6f03675a', '4.708325160387546e+207'],
      ['3d9c172411e20b8f', '6.387016158513563e-12'],
      ['8d116ece1738f7d9', '-9.973130378568733e-246'],
      ['0f21ddb66cad4a26', '8.779753225680271e-236'],
      ['90c192cfd3ac94af', '-5.795503248498993e-228'],
      ['f28c105d1fb17c23', '-5.988180159386011e+243'],
      ['a170b33839263059', '-1.306052388527796e-147'],
      ['953f48f1a09f76b5', '-2.436117699484841e-206'],
      ['0fd630f1f29d0da9', '2.233386999150174e-232'],
      ['95e60af593bd04cf', '-3.51527970626667e-203'],
      ['0cb1e29c658cda14', '1.5987381841032883e-247'],
      ['3898d190f9ebdacc', '4.6678633181812096e-36'],
      ['8e81973e0becd7b0', '-8.441872792105456e-239'],
      ['2217beaddbc496cb', '1.9015657400796622e-144'],
      ['6b4cb2424a23d596', '7.370437700706684e+208'],
      ['8a6a63ec24ede6a4', '-1.7163996725272777e-258'],
      ['922766581e27a1c0', '-3.2367190832119987e-221'],
      ['8f6d05584ef8aa38', '-2.2818334634712625e-234'],
      ['ae97ba94d0eda82f', '-3.0536383926309363e-84'],
      ['1a61dbe22e44158b', '1.3449551894627777e-181'],
      ['923a736994e3bf91', '-7.317495976062606e-221'],
      ['301850c5a38fd547', '5.249822308814304e-77'],
      ['18f135d25f557203', '1.5450754142984396e-188'],
      ['b64ce4228c38fb29', '-3.953625698224792e-47'],
      ['907a70c31012f037', '-2.72491267476498e-229'],
      ['9e7769b10f4205b4', '-6.505141861548772e-162'],
      ['7f15052434b9b5df', '1.441484839555994e+304'],
      ['881ed162ae2eb154', '-1.4583679262758548e-269'],
      ['c6f877186d76b07e', '-7.939416668807721e+33'],
      ['7731af10506bf2ef', '1.4255183989699612e+266'],
      ['ec66a78795e761d1', '-1.525315701232403e+214'],
      ['3e4ad7f29abcaf48', '1.25e-08'],
      ['be72ca5d05ea7ab3', '-7e-08'],
      ['3eea36e2eb1c432d', '1.25e-05'],
      ['bf12599ed7c6fbd3', '-7.000000000000001e-05'],
      ['3f8999999999999a', '0.0125'],
      ['bfb1eb851eb851ec', '-0.07'],
      ['4029000000000000', '12.5'],
      ['c051800000000000', '-70.0'],
      ['40c86a0000000000', '12500.0'],
      ['c0f1170000000000', '-70000.0'],
      ['4167d78400000000', '12500000.0'],
      ['c190b07600000000', '-70000000.0'],
      ['42074876e8000000', '12500000000.0'],
      ['c2304c533c000000', '-70000000000.0'],
      ['42a6bcc41e900000', '12500000000000.0'],
      ['c2cfd51291300000', '-70000000000000.0'],
      ['4346345785d8a000', '1.25e+16'],
      ['c36f161421c8e000', '-7e+16'],
      ['43e5af1d78b58c40', '1.25e+19'],
      ['c40e5b8fa8fe2ac0', '-7e+19'],
    ];
    const view = new DataView(new ArrayBuffer(8));
    for (const [bits, py] of vectors) {
      view.setBigUint64(0, BigInt(`0x${bits}`));
      expect(pyFloatRepr(view.getFloat64(0)), bits).toBe(py);
    }
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const r = pyFloatRepr(x);
        expect(Object.is(Number(r), x)).toBe(true);
        expect(r).toMatch(/^-?(\d+\.\d+|\d(\.\d+)?e[+-]\d{2,3})$/);
      }),
    );
  });

  it('reads JSON as JSON.parse does, apart from the int/float split', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = JSON.stringify(v);
        // beyond 2^53 we keep exact bigints where JSON.parse rounds
        const lossy = (x: unknown): unknown =>
          typeof x === 'bigint'
            ? Number(x)
            : Array.isArray(x)
              ? x.map(lossy)
              : x !== null && typeof x === 'object'
                ? Object.fromEntries(Object.entries(x).map(([k, y]) => [k, lossy(y)]))
                : x;
        expect(lossy(fromPyValue(pythonJsonLoads(text)))).toEqual(JSON.parse(text));
        expect(JSON.parse(pythonJsonDumps(pythonJsonLoads(text)))).toEqual(JSON.parse(text));
      }),
    );
  });

  it('quotes and escapes strings as repr(str) does', () => {
    const cases: [string, string][] = [
      ["it's", `"it's"`],
      ['say "hi"', `'say "hi"'`],
      [`both ' and "`, `'both \\' and "'`],
      ['a\nb\tc\r', "'a\\nb\\tc\\r'"],
      ['\x00\x1f\x7f', "'\\x00\\x1f\\x7f'"],
      ['é\xa0\u200b', "'é\\xa0\\u200b'"],
      ['😀', "'😀'"],
      ['\u{e0001}', "'\\U000e0001'"],
      ['\\', "'\\\\'"],
      ['\ud800x', "'\\ud800x'"],
      ['\u2028\u3000 ', "'\\u2028\\u3000 '"],
      ['\x85\x9f\xad', "'\\x85\\x9f\\xad'"],
    ];
    for (const [s, py] of cases) expect(pyStrRepr(s), JSON.stringify(s)).toBe(py);
  });

  it('prints containers, bools and None as str() does, keeping key order', () => {
    const v = pythonJsonLoads('{"b":[1,2.0,"a",null,true,false],"1":{"x":1.5e-7},"a\'":"q"}');
    expect(pyStr(v)).toBe(`{'b': [1, 2.0, 'a', None, True, False], '1': {'x': 1.5e-07}, "a'": 'q'}`);
    expect(pyStr('plain text')).toBe('plain text');
    expect(pyRepr(null)).toBe('None');
    expect(pyStr(12345678901234567890123n)).toBe('12345678901234567890123');
  });
});

describe('Python json', () => {
  it('keeps ints and floats apart, big ints exact, and dumps like json.dumps', () => {
    const v = pythonJsonLoads('{"b":[1,2.0,"a",null,true,false],"1":{"x":1.5e-7},"a\'":"q","big":1763000000123456789}') as PyDict;
    expect((v.get('b') as unknown[])[0]).toBe(1n);
    expect((v.get('b') as unknown[])[1]).toBe(2);
    expect(v.get('big')).toBe(1763000000123456789n);
    expect([...v.keys()]).toEqual(['b', '1', "a'", 'big']);
    v.delete('big');
    expect(pythonJsonDumps(v)).toBe(`{"b": [1, 2.0, "a", null, true, false], "1": {"x": 1.5e-07}, "a'": "q"}`);
    expect(pythonJsonDumps(pythonJsonLoads('{"t":"é😀\\u007f\\"\\\\/\\b\\f"}'))).toBe('{"t": "\\u00e9\\ud83d\\ude00\\u007f\\"\\\\/\\b\\f"}');
    expect(pythonJsonDumps(toPyValue({ x: NaN, y: pyFloat(3), z: new Float32Array([0.5]) }))).toBe('{"x": NaN, "y": 3.0, "z": [0.5]}');
  });

  it('names the position of malformed JSON and refuses deep nesting', () => {
    expect(() => pythonJsonLoads('{"a": }')).toThrow(/character 6/);
    expect(() => pythonJsonLoads('[1, 2')).toThrow(/expected ',' or ']'/);
    expect(() => pythonJsonLoads('{} x')).toThrow(/extra data/);
    expect(() => pythonJsonLoads('['.repeat(1000) + ']'.repeat(1000))).toThrow(/nesting deeper/);
  });

  it('round-trips through plain JS values without letting __proto__ in', () => {
    const o = fromPyValue(pythonJsonLoads('{"__proto__": {"polluted": 1}, "n": 2}')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(o)).toBe(Object.prototype);
    expect(Object.keys(o)).toEqual(['__proto__', 'n']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('body hash', () => {
  it('is sha3_256("") without hash fields', () => {
    expect(sha3Hex('')).toBe(EMPTY_BODY_HASH);
    expect(bodyHash(new Map(), [])).toBe('a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a');
  });

  it('matches Synapse.body_hash over str() of each field (CPython vectors)', () => {
    const d = pythonJsonLoads('{"text":"hello","n":1,"x":1.0,"xs":[1.5,2,3e-5],"m":{"k":"v","z":null},"flag":true}') as PyDict;
    expect(bodyHash(d, ['text'])).toBe('cd1ba9b9d9fae7c1e56ddf6aa2947ad2e0b83b96bd91dd4b67fc560e83589bad');
    expect(bodyHash(d, ['n', 'x'])).toBe('159c2effdba702bdbfbc795c13dbe9cf82cf6002886456986220bece4c628d20');
    expect(bodyHash(d, ['xs', 'm', 'flag'])).toBe('4674a0272415022874290b6e404840d6068bd7c18cfbe243493ba99f6526325d');
    // the same values built in JS: x must be marked as a float to hash as 1.0
    const js = toPyValue({ text: 'hello', n: 1, x: pyFloat(1), xs: [1.5, 2, 3e-5], m: { k: 'v', z: null }, flag: true }) as PyDict;
    expect(bodyHash(js, ['n', 'x'])).toBe('159c2effdba702bdbfbc795c13dbe9cf82cf6002886456986220bece4c628d20');
    expect(bodyHash(js, ['xs', 'm', 'flag'])).toBe('4674a0272415022874290b6e404840d6068bd7c18cfbe243493ba99f6526325d');
  });
});

describe('version_as_int', () => {
  it('weights parts by powers of 1000', () => {
    expect(versionAsInt('9.12.3')).toBe(9_012_003);
    expect(versionAsInt('7.2.0')).toBe(7_002_000);
    expect(versionAsInt('6.9.4')).toBe(6_009_004);
    expect(() => versionAsInt('1.1000.0')).toThrow(/below 1000/);
  });
});

describe('synapse headers', () => {
  it('parses the SDK test_parse_headers_to_inputs / test_from_headers vector', () => {
    const headers = {
      bt_header_axon_nonce: '111',
      bt_header_dendrite_ip: '12.1.1.2',
      bt_header_input_obj_key1: 'WzEsIDIsIDMsIDRd', // base64(json.dumps([1, 2, 3, 4]))
      timeout: '12',
      name: 'Test',
      header_size: '111',
      total_size: '111',
      computed_body_hash: '0xabcdef',
    };
    const p = fromHeaders(headers);
    expect(p.axon).toEqual({ nonce: 111n });
    expect(p.dendrite).toEqual({ ip: '12.1.1.2' });
    expect(p.inputObj).toEqual({ key1: [1, 2, 3, 4] });
    expect(p.timeout).toBe(12);
    expect(p.name).toBe('Test');
    expect(p.headerSize).toBe(111n);
    expect(p.totalSize).toBe(111n);
    expect(p.computedBodyHash).toBe('0xabcdef');
  });

  it('casts as TerminalInfo does and names a header that does not cast', () => {
    const p = fromHeaders({
      bt_header_dendrite_port: ' 8_091 ',
      bt_header_dendrite_process_time: '1e-3',
      bt_header_axon_status_code: '+200',
      bt_header_axon_bogus: 'x',
    });
    expect(p.dendrite).toEqual({ port: 8091, process_time: 0.001 });
    expect(p.axon).toEqual({ status_code: 200 });
    expect(() => fromHeaders({ bt_header_dendrite_nonce: '12.5' })).toThrow(TerminalInfoCastError);
    expect(() => fromHeaders({ bt_header_dendrite_nonce: '12.5' })).toThrow(/nonce = "12.5" is not an integer/);
    expect(() => fromHeaders({ timeout: 'soon' })).toThrow(/timeout = "soon" is not a number/);
  });

  it('writes headers in to_headers order with str() values and empty input objects', () => {
    const h = toHeaders({
      name: 'Dummy',
      timeout: 12,
      axon: { ip: '1.2.3.4', port: 8091, hotkey: '5Axon' },
      dendrite: { ip: '0.0.0.0', version: 9_012_002, nonce: 1763000000123456789n, uuid: 'u-1', hotkey: '5Den', signature: '0xab', process_time: 0.5 },
      requiredFields: new Map<string, PyValue>([
        ['dummy_input', 5n],
        ['text', 'x'],
        ['w', 1.5],
        ['l', []],
        ['d', new Map()],
        ['b', true],
      ]),
      computedBodyHash: EMPTY_BODY_HASH,
    });
    expect(Object.entries(h)).toEqual([
      ['name', 'Dummy'],
      ['timeout', '12.0'],
      ['bt_header_axon_ip', '1.2.3.4'],
      ['bt_header_axon_port', '8091'],
      ['bt_header_axon_hotkey', '5Axon'],
      ['bt_header_dendrite_process_time', '0.5'],
      ['bt_header_dendrite_ip', '0.0.0.0'],
      ['bt_header_dendrite_version', '9012002'],
      ['bt_header_dendrite_nonce', '1763000000123456789'],
      ['bt_header_dendrite_uuid', 'u-1'],
      ['bt_header_dendrite_hotkey', '5Den'],
      ['bt_header_dendrite_signature', '0xab'],
      ['bt_header_input_obj_dummy_input', 'MA=='],
      ['bt_header_input_obj_text', 'IiI='],
      ['bt_header_input_obj_w', 'MC4w'],
      ['bt_header_input_obj_l', 'W10='],
      ['bt_header_input_obj_d', 'e30='],
      ['bt_header_input_obj_b', 'ZmFsc2U='],
      ['header_size', '0'],
      ['total_size', '0'],
      ['computed_body_hash', EMPTY_BODY_HASH],
    ]);
    const back = fromHeaders(h);
    expect(back.dendrite.nonce).toBe(1763000000123456789n);
    expect(back.inputObj).toEqual({ dummy_input: 0, text: '', w: 0, l: [], d: {}, b: false });
  });
});

describe('signed messages and the body', () => {
  it('joins the fields the SDK signs', () => {
    expect(dendriteSignedMessage({ nonce: 1763000000123456789n, dendriteHotkey: 'D', axonHotkey: 'A', uuid: 'U', bodyHash: EMPTY_BODY_HASH })).toBe(
      `1763000000123456789.D.A.U.${EMPTY_BODY_HASH}`,
    );
    expect(axonSignedMessage({ nonce: 5n, dendriteHotkey: 'D', axonHotkey: 'A', uuid: 'U' })).toBe('5.D.A.U');
  });

  it('lays out model_dump() as the SDK test_default_instance_fields_dict_consistency does', () => {
    const body = synapseBody({ name: 'Synapse', timeout: 12, fields: new Map() });
    const nulls =
      '{"status_code": null, "status_message": null, "process_time": null, "ip": null, "port": null, "version": null, "nonce": null, "uuid": null, "hotkey": null, "signature": null}';
    expect(pythonJsonDumps(body)).toBe(
      `{"name": "Synapse", "timeout": 12.0, "total_size": 0, "header_size": 0, "dendrite": ${nulls}, "axon": ${nulls}, "computed_body_hash": ""}`,
    );
  });
});

describe('default_verify nonce rules', () => {
  const S = 1_000_000_000n;
  const now = 1_763_000_000n * S;

  it('wants a fresh first nonce, then strictly increasing ones, per hotkey:uuid', () => {
    const g = new NonceGuard(60);
    expect(() => g.check({ endpointKey: 'h:u', nonce: now - 17n * S, timeoutSeconds: 12 }, now)).toThrow(
      'Nonce is too old: acceptable delta is 16.00 seconds but request was 17.00 seconds old',
    );
    g.check({ endpointKey: 'h:u', nonce: now - 15n * S, timeoutSeconds: 12 }, now);
    g.record('h:u', now - 15n * S, now);
    expect(() => g.check({ endpointKey: 'h:u', nonce: now - 15n * S, timeoutSeconds: 12 }, now)).toThrow('Nonce is too old, a newer one was last processed');
    g.check({ endpointKey: 'h:u', nonce: now - 15n * S + 1n, timeoutSeconds: 12 }, now);
    // another uuid of the same hotkey is another key
    g.check({ endpointKey: 'h:v', nonce: now - 10n * S, timeoutSeconds: 12 }, now);
  });

  it('caps the caller timeout that widens the window, and refuses far-future nonces', () => {
    const g = new NonceGuard(60);
    expect(() => g.check({ endpointKey: 'h:u', nonce: now - 3600n * S, timeoutSeconds: 1e9 }, now)).toThrow(/acceptable delta is 64.00 seconds/);
    expect(() => g.check({ endpointKey: 'h:u', nonce: now + 20n * S, timeoutSeconds: 12 }, now)).toThrow(
      'Nonce is 20.00 seconds in the future (allowed 16.00)',
    );
  });

  it('forgets keys whose last nonce left the window, and fails closed when full', () => {
    const g = new NonceGuard(60, 2);
    g.record('a:1', now, now);
    g.record('b:1', now, now);
    expect(() => g.record('c:1', now, now)).toThrow('nonce table full; retry shortly');
    const later = now + 65n * S;
    g.record('c:1', later, later);
    expect(g.size).toBe(1);
  });
});
