// Texts of the login page (Bahasa Indonesia first). Kept here so the auth pages do not touch
// the wall's message catalogue; fold into client/src/i18n/messages.ts when convenient.
export const LOGIN_MESSAGES = {
  id: {
    title: 'Masuk ke Pantau',
    username: 'Nama pengguna',
    password: 'Kata sandi',
    submit: 'Masuk',
    busy: 'Memeriksa…',
    invalid: 'Nama pengguna atau kata sandi salah.',
    locked: 'Terlalu banyak percobaan yang gagal. Coba lagi dalam {minutes} menit.',
    unavailable: 'Server tidak dapat dihubungi. Coba lagi sebentar.',
    badRequest: 'Isi nama pengguna dan kata sandi.',
    denied: 'Akun Anda tidak berhak membuka halaman itu. Masuk dengan akun lain.',
    pairingInvalid: 'Token layar tidak berlaku atau sudah dicabut. Minta alamat layar yang baru kepada admin.',
    pairingTaken: 'Token ini sudah dipasangkan ke layar lain. Minta admin melepas pasangan lama atau membuat token baru.',
    wallHint: 'Layar dinding (TV) tidak perlu masuk: buka alamat /wall?token=… dari admin satu kali.',
  },
  en: {
    title: 'Log in to Pantau',
    username: 'Username',
    password: 'Password',
    submit: 'Log in',
    busy: 'Checking…',
    invalid: 'Wrong username or password.',
    locked: 'Too many failed attempts. Try again in {minutes} minute(s).',
    unavailable: 'Cannot reach the server. Please try again shortly.',
    badRequest: 'Enter your username and password.',
    denied: 'Your account may not open that page. Log in with another account.',
    pairingInvalid: 'This screen token is not valid or was revoked. Ask an admin for a new wall address.',
    pairingTaken: 'This token is already paired with another screen. Ask an admin to unpair it or issue a new token.',
    wallHint: 'Wall screens (TVs) need no login: open the /wall?token=… address from an admin once.',
  },
} as const;

export type LoginMessageKey = keyof (typeof LOGIN_MESSAGES)['id'];
