# An independent implementation of rastro-vault's stored formats, from their documentation
# only: Python's hmac and hashlib, pyca/cryptography's ChaCha20Poly1305 (IETF) and HChaCha20
# written out below. It printed the vectors in src/known_answers.rs; run it again
# (`python3 tests/kat/independent.py`, needs `cryptography`) if a format is ever versioned.
import hmac, hashlib, struct
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

def rotl(v, c): return ((v << c) & 0xffffffff) | (v >> (32 - c))
def qr(s, a, b, c, d):
    s[a] = (s[a] + s[b]) & 0xffffffff; s[d] = rotl(s[d] ^ s[a], 16)
    s[c] = (s[c] + s[d]) & 0xffffffff; s[b] = rotl(s[b] ^ s[c], 12)
    s[a] = (s[a] + s[b]) & 0xffffffff; s[d] = rotl(s[d] ^ s[a], 8)
    s[c] = (s[c] + s[d]) & 0xffffffff; s[b] = rotl(s[b] ^ s[c], 7)
def hchacha20(key, nonce16):
    s = [0x61707865, 0x3320646e, 0x79622d32, 0x6b206574] + list(struct.unpack('<8I', key)) + list(struct.unpack('<4I', nonce16))
    for _ in range(10):
        qr(s,0,4,8,12); qr(s,1,5,9,13); qr(s,2,6,10,14); qr(s,3,7,11,15)
        qr(s,0,5,10,15); qr(s,1,6,11,12); qr(s,2,7,8,13); qr(s,3,4,9,14)
    return struct.pack('<8I', *(s[0:4] + s[12:16]))
# draft-irtf-cfrg-xchacha-03 2.2.1
assert hchacha20(bytes(range(32)), bytes.fromhex('000000090000004a0000000031415927')).hex() == '82413b4227b27bfed30e42508a877d73a0f9e4d58a74a853c12ec41326d3ecdc'

def xchacha_seal(key, nonce24, pt, aad):
    sub = hchacha20(key, nonce24[:16])
    return ChaCha20Poly1305(sub).encrypt(b'\0\0\0\0' + nonce24[16:], pt, aad)
# draft A.3.1
k = bytes(range(0x80, 0xa0)); n = bytes(range(0x40, 0x58)); aad = bytes.fromhex('50515253c0c1c2c3c4c5c6c7')
pt = b"Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it."
assert xchacha_seal(k, n, pt, aad).hex().endswith('c0875924c1c7987947deafd8780acf49')

def expand(root, info): return hmac.new(root, info + b'\x01', hashlib.sha256).digest()
def sealed(key, nonce, pt, aad): return bytes([1]) + nonce + xchacha_seal(key, nonce, pt, bytes([1]) + aad)

data_key = bytes([0x42]) * 32
nonce = bytes(range(24))
record = b'{"vic_Gender":"Female"}'
rec_id = b'01HZX3Q8B5K2M7N4P6R9S0T1V2'
print('record', sealed(expand(data_key, b'rastro-vault v1 seal'), nonce, record, rec_id).hex())
master = bytes([0x07]) * 32
print('wrapped', sealed(expand(master, b'rastro-vault v1 wrap'), bytes([0xa0]) * 24, data_key, b'org-casa-refugio').hex())
print('master fp', expand(master, b'rastro-vault v1 fingerprint')[:8].hex())
print('data fp', expand(data_key, b'rastro-vault v1 fingerprint')[:8].hex())
bi = expand(master, b'rastro-vault v1 master derive:blind-index')
print('master blind-index mac', hmac.new(bi, b'perez', hashlib.sha256).hexdigest())
dbi = expand(data_key, b'rastro-vault v1 data-key derive:blind-index')
print('data blind-index mac', hmac.new(dbi, b'perez', hashlib.sha256).hexdigest())
ps = expand(master, b'rastro-vault v1 master derive:pseudonym')
m = hmac.new(ps, b'rastro-vault v1 pseudonym' + (2).to_bytes(8, 'big') + b'P-' + b'V-12345678', hashlib.sha256).digest()
import base64
t = str.maketrans('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', '0123456789ABCDEFGHJKMNPQRSTVWXYZ')
print('pseudonym', 'P-' + base64.b32encode(m[:10]).decode().translate(t))
