// Words for simulated complaints: templates per category, street names per kecamatan, and
// invented people. Every person is a random combination of common given names and family
// names (Batak marga, Malay, Javanese, Chinese-Indonesian), never a real individual; phone
// numbers and NIK are random digits in a plausible shape.
import type { Rng } from './rng.ts';

export interface CategoryWords {
  titles: string[];
  texts: string[];
  /** What the OPD writes when work starts. */
  progress: string[];
  /** What the OPD writes when it is done. */
  resolved: string[];
}

const GENERIC: CategoryWords = {
  titles: ['Pengaduan warga di {jalan}', 'Mohon tindak lanjut di {kelurahan}'],
  texts: [
    'Ada masalah di {jalan}, {patokan}, Kel. {kelurahan}. {durasi} belum ada penanganan.',
    'Warga {kelurahan} mengeluhkan kondisi di {jalan}. {durasi}.',
  ],
  progress: ['Laporan sedang ditangani oleh petugas.', 'Petugas sudah meninjau lokasi.'],
  resolved: ['Permasalahan sudah ditangani.', 'Sudah ditindaklanjuti sesuai kewenangan.'],
};

export const CATEGORY_WORDS: Record<string, CategoryWords> = {
  'jalan-rusak': {
    titles: ['Jalan berlubang di {jalan}', 'Jalan rusak parah di {jalan}', 'Aspal mengelupas di {jalan}', 'Lubang besar di {jalan}'],
    texts: [
      'Lubang besar di {jalan}, {patokan}. {durasi} belum diperbaiki, sudah ada pengendara motor yang jatuh.',
      'Jalan di {jalan} Kel. {kelurahan} rusak parah dan tergenang kalau hujan. {durasi}.',
      'Aspal di {jalan} mengelupas sepanjang kira-kira {panjang} meter, {patokan}. Sangat berbahaya malam hari karena gelap.',
      'Ada lubang dalam di tengah {jalan} {patokan}. Warga sudah menaruh ban bekas sebagai tanda. {durasi}.',
      'Jalan lingkungan di {jalan} hancur, mobil tidak bisa lewat. {durasi}, anak sekolah terpaksa jalan kaki lewat lumpur.',
    ],
    progress: ['Tim UPT jalan sudah survei lokasi, menunggu jadwal penambalan.', 'Material aspal sudah disiapkan, perbaikan dijadwalkan minggu ini.', 'Penambalan sedang dikerjakan.'],
    resolved: ['Lubang sudah ditambal dengan aspal.', 'Perbaikan jalan selesai dikerjakan.', 'Jalan sudah diaspal ulang sepanjang ruas yang rusak.'],
  },
  drainase: {
    titles: ['Parit tersumbat di {jalan}', 'Banjir setiap hujan di {jalan}', 'Drainase tidak berfungsi di {kelurahan}', 'Genangan air di {jalan}'],
    texts: [
      'Parit di {jalan} {patokan} tersumbat sampah dan lumpur, setiap hujan air naik ke rumah warga. {durasi}.',
      'Setiap hujan deras {jalan} Kel. {kelurahan} banjir setinggi lutut. Drainase tidak pernah dikorek.',
      'Saluran air di {jalan} bocor dan meluap ke badan jalan, {patokan}. {durasi}.',
      'Genangan air tidak surut berhari-hari di {jalan}, mulai bau dan banyak nyamuk.',
      'Gorong-gorong di {jalan} ambruk sehingga air tidak mengalir. Mohon dikorek dan diperbaiki.',
    ],
    progress: ['Tim sudah turun mengorek parit.', 'Alat berat dijadwalkan untuk normalisasi saluran.', 'Pembersihan saluran sedang berlangsung.'],
    resolved: ['Parit sudah dikorek dan air kembali mengalir.', 'Gorong-gorong sudah diganti.', 'Normalisasi drainase selesai.'],
  },
  'lampu-jalan': {
    titles: ['Lampu jalan mati di {jalan}', 'PJU padam di {jalan}', 'Jalan gelap gulita di {kelurahan}'],
    texts: [
      'Lampu jalan di {jalan} {patokan} mati {durasi2}. Jalan jadi gelap dan rawan begal.',
      'Sekitar {jumlah} titik lampu PJU di {jalan} padam. {durasi}.',
      'Lampu penerangan jalan di {jalan} Kel. {kelurahan} hidup-mati, malam ini padam total.',
      'Tiang lampu di {jalan} miring dan lampunya mati, {patokan}. Mohon diperbaiki sebelum ada korban.',
    ],
    progress: ['Petugas PJU sudah mengecek jaringan.', 'Penggantian lampu dijadwalkan malam ini.'],
    resolved: ['Lampu sudah diganti dan menyala kembali.', 'Kabel PJU sudah diperbaiki, lampu menyala.'],
  },
  'lampu-lalu-lintas': {
    titles: ['Lampu merah mati di simpang {jalan}', 'Traffic light rusak di {jalan}'],
    texts: [
      'Lampu lalu lintas di simpang {jalan} mati, terjadi kemacetan panjang dan hampir tabrakan.',
      'Traffic light di {jalan} {patokan} hanya menyala kuning berkedip sejak pagi.',
      'Lampu hijau di simpang {jalan} terlalu singkat, antrean kendaraan sampai jauh.',
    ],
    progress: ['Petugas ATCS sudah ke lokasi.', 'Pengaturan lalu lintas manual sementara oleh petugas Dishub.'],
    resolved: ['Lampu lalu lintas sudah berfungsi normal.', 'Modul controller sudah diganti.'],
  },
  'parkir-liar': {
    titles: ['Parkir liar di {jalan}', 'Parkir di bahu jalan {jalan} bikin macet'],
    texts: [
      'Banyak mobil parkir di bahu {jalan} {patokan}, jalan jadi satu lajur dan macet.',
      'Juru parkir liar di {jalan} minta uang parkir di luar tarif resmi.',
      'Trotoar di {jalan} dipakai untuk parkir sepeda motor, pejalan kaki terpaksa turun ke jalan.',
    ],
    progress: ['Petugas Dishub sudah patroli ke lokasi.', 'Penertiban parkir dijadwalkan bersama Satpol PP.'],
    resolved: ['Kendaraan sudah ditertibkan dan juru parkir liar diberi teguran.', 'Rambu larangan parkir sudah dipasang.'],
  },
  sampah: {
    titles: ['Sampah menumpuk di {jalan}', 'Sampah tidak diangkut di {kelurahan}', 'TPS liar di {jalan}'],
    texts: [
      'Sampah menumpuk di {jalan} {patokan}, {durasi} tidak diangkut. Baunya sampai ke rumah warga.',
      'Truk sampah tidak datang ke {jalan} Kel. {kelurahan} {durasi2}.',
      'Ada TPS liar di pinggir {jalan}, sampah sudah meluber ke badan jalan.',
      'Warga membuang sampah ke parit di {jalan} sehingga saluran tersumbat. Mohon diangkut dan dipasang larangan.',
    ],
    progress: ['Armada pengangkut sudah dijadwalkan.', 'Petugas kebersihan sudah ke lokasi.'],
    resolved: ['Sampah sudah diangkut.', 'Lokasi sudah dibersihkan dan dipasang papan larangan.'],
  },
  ketertiban: {
    titles: ['PKL berjualan di trotoar {jalan}', 'Bangunan liar di {jalan}', 'Gangguan ketertiban di {kelurahan}'],
    texts: [
      'Pedagang kaki lima menutup trotoar di {jalan} {patokan}, pejalan kaki tidak bisa lewat.',
      'Ada bangunan semi permanen berdiri di atas parit di {jalan}.',
      'Setiap malam ada keributan dan musik keras di {jalan} sampai dini hari.',
      'Lapak pedagang di {jalan} makin melebar ke badan jalan, sering macet.',
    ],
    progress: ['Satpol PP sudah memberi teguran pertama.', 'Penertiban dijadwalkan bersama kecamatan.'],
    resolved: ['Lapak sudah ditertibkan.', 'Bangunan liar sudah dibongkar oleh pemiliknya setelah teguran.'],
  },
  'bangunan-tata-ruang': {
    titles: ['Bangunan tanpa PBG di {jalan}', 'Pembangunan melanggar garis sempadan di {jalan}'],
    texts: [
      'Ada pembangunan ruko di {jalan} yang sepertinya tidak punya izin, menutup saluran air.',
      'Bangunan di {jalan} {patokan} dibangun sampai ke bahu jalan, melanggar garis sempadan.',
      'Pembangunan gedung di {jalan} dikerjakan sampai malam dan mengganggu warga, izinnya dipertanyakan.',
    ],
    progress: ['Tim pengawasan bangunan sudah meninjau lokasi.', 'Pemilik bangunan sudah dipanggil untuk klarifikasi.'],
    resolved: ['Pemilik sudah mengurus PBG dan memperbaiki saluran.', 'Sudah diterbitkan surat teguran dan pekerjaan dihentikan.'],
  },
  perizinan: {
    titles: ['Pengurusan izin lama di DPMPTSP', 'Izin usaha belum terbit'],
    texts: [
      'Saya mengurus izin usaha sejak {durasi3}, status di aplikasi tidak berubah.',
      'Permohonan PBG saya dikembalikan tanpa penjelasan yang jelas. Mohon informasi syarat yang kurang.',
      'Antrean di loket perizinan sangat panjang dan nomor antrean online tidak berlaku.',
    ],
    progress: ['Berkas sedang diverifikasi ulang oleh petugas.', 'Pemohon sudah dihubungi untuk melengkapi berkas.'],
    resolved: ['Izin sudah terbit dan dapat diunduh.', 'Pemohon sudah mendapat penjelasan dan berkas sudah lengkap.'],
  },
  adminduk: {
    titles: ['KTP-el belum jadi', 'Pengurusan KK lambat', 'Akta kelahiran belum terbit'],
    texts: [
      'Saya sudah rekam KTP-el sejak {durasi3} tapi belum juga dicetak, katanya blangko habis.',
      'Pengurusan KK di kantor kecamatan {kecamatan} sudah {durasi3}, belum selesai.',
      'Akta kelahiran anak saya yang diurus online belum terbit, sudah lewat dari janji.',
      'Data di KK saya salah nama, sudah lapor tapi belum diperbaiki.',
    ],
    progress: ['Berkas sedang diproses.', 'Petugas sudah menghubungi pemohon.'],
    resolved: ['Dokumen sudah dicetak dan dapat diambil.', 'Data sudah diperbaiki.'],
  },
  kesehatan: {
    titles: ['Pelayanan puskesmas lambat', 'Kasus DBD di {kelurahan}', 'Fogging diminta di {jalan}'],
    texts: [
      'Sudah ada {jumlah} warga di {jalan} Kel. {kelurahan} kena DBD bulan ini. Mohon fogging.',
      'Pelayanan di puskesmas dekat {jalan} sangat lama, antre dari pagi baru dilayani siang.',
      'Obat di puskesmas sering kosong, pasien disuruh beli di luar.',
    ],
    progress: ['Petugas puskesmas sudah melakukan penyelidikan epidemiologi.', 'Jadwal fogging sudah ditetapkan.'],
    resolved: ['Fogging sudah dilaksanakan.', 'Sudah dilakukan pembinaan kepada petugas puskesmas.'],
  },
  pendidikan: {
    titles: ['Sekolah rusak di {kelurahan}', 'Pungutan di sekolah'],
    texts: [
      'Atap ruang kelas di sebuah SD di {jalan} bocor, kalau hujan murid dipulangkan.',
      'Ada pungutan uang seragam dan buku di sekolah negeri di {kecamatan}, padahal katanya gratis.',
      'Zonasi PPDB tidak sesuai, anak saya tidak diterima di sekolah terdekat di {kelurahan}.',
    ],
    progress: ['Dinas sudah meminta klarifikasi pihak sekolah.', 'Tim sudah meninjau kondisi bangunan sekolah.'],
    resolved: ['Perbaikan atap sudah dijadwalkan dalam anggaran dan dikerjakan.', 'Pungutan sudah dihentikan dan dikembalikan.'],
  },
  bansos: {
    titles: ['Bantuan sosial tidak tepat sasaran', 'Belum terdaftar DTKS'],
    texts: [
      'Keluarga kami sangat membutuhkan tapi tidak terdaftar DTKS, sementara tetangga yang mampu dapat bantuan.',
      'Bantuan sembako di Kel. {kelurahan} dibagi tidak merata.',
      'Saya lansia tinggal sendiri di {jalan}, mohon didata untuk bantuan.',
    ],
    progress: ['Pendamping sosial sudah melakukan verifikasi lapangan.', 'Data sedang diusulkan untuk pemutakhiran DTKS.'],
    resolved: ['Pelapor sudah diusulkan masuk DTKS.', 'Verifikasi selesai dan bantuan sudah disalurkan.'],
  },
  'pajak-daerah': {
    titles: ['Tagihan PBB tidak sesuai', 'Reklame liar di {jalan}'],
    texts: [
      'Tagihan PBB saya tahun ini naik berlipat tanpa penjelasan.',
      'Ada baliho reklame tanpa izin di {jalan} {patokan}, menutupi rambu.',
      'Pembayaran PBB online sudah berhasil tapi status masih belum lunas.',
    ],
    progress: ['Petugas sedang memeriksa data objek pajak.', 'Tim sudah mendata reklame di lokasi.'],
    resolved: ['Tagihan sudah dikoreksi.', 'Reklame tanpa izin sudah diturunkan.'],
  },
  'perempuan-anak': {
    titles: ['Dugaan kekerasan terhadap anak', 'Mohon pendampingan korban KDRT'],
    texts: [
      'Ada dugaan kekerasan terhadap anak di lingkungan kami di Kel. {kelurahan}. Mohon ditindaklanjuti.',
      'Tetangga saya sering mengalami KDRT, mohon pendampingan.',
    ],
    progress: ['Tim UPTD PPA sudah menghubungi pelapor.', 'Pendampingan sedang berjalan.'],
    resolved: ['Korban sudah mendapat pendampingan dan rujukan.', 'Kasus sudah ditangani bersama pihak terkait.'],
  },
  ketenagakerjaan: {
    titles: ['Gaji di bawah UMK', 'PHK tanpa pesangon'],
    texts: [
      'Perusahaan tempat saya bekerja di {kecamatan} membayar gaji di bawah UMK Kota Medan.',
      'Saya di-PHK sepihak tanpa pesangon setelah bekerja bertahun-tahun.',
    ],
    progress: ['Mediator hubungan industrial sudah memanggil kedua pihak.', 'Pengawas sedang memeriksa perusahaan.'],
    resolved: ['Mediasi selesai dan tercapai kesepakatan.', 'Perusahaan sudah membayar kekurangan upah.'],
  },
  'layanan-aplikasi': {
    titles: ['Aplikasi pemerintah tidak bisa diakses', 'Situs layanan error'],
    texts: [
      'Aplikasi layanan online Pemko Medan tidak bisa dibuka sejak pagi, muncul error 502.',
      'Saya tidak bisa login ke aplikasi, kode OTP tidak pernah masuk.',
      'Situs layanan lambat sekali dan sering putus saat mengunggah berkas.',
    ],
    progress: ['Tim teknis sedang memeriksa server.', 'Kendala sudah diteruskan ke pengelola aplikasi.'],
    resolved: ['Layanan sudah normal kembali.', 'Akun pelapor sudah dipulihkan.'],
  },
  kebakaran: {
    titles: ['Kebakaran rumah di {jalan}', 'Api di {jalan}, mohon damkar', 'Kebakaran lahan di {kelurahan}'],
    texts: [
      'Ada kebakaran rumah di {jalan} {patokan}, api sudah besar. Mohon segera kirim pemadam!',
      'Asap tebal dan api di gudang dekat {jalan} Kel. {kelurahan}.',
      'Kabel listrik terbakar dan api menjalar ke rumah di {jalan}.',
      'Ada warga terjebak di rumah yang terbakar di {jalan}, tolong cepat!',
    ],
    progress: ['Unit pemadam sudah di lokasi, api sedang dipadamkan.', 'Petugas melakukan pendinginan.'],
    resolved: ['Api sudah padam, tidak ada korban jiwa.', 'Api padam dan pendinginan selesai.'],
  },
  bencana: {
    titles: ['Banjir di {kelurahan}', 'Pohon tumbang di {jalan}', 'Tanggul jebol di {kelurahan}', 'Banjir rob di {kelurahan}'],
    texts: [
      'Banjir setinggi pinggang di {jalan} Kel. {kelurahan}, warga mulai mengungsi.',
      'Pohon besar tumbang menutup {jalan} {patokan} dan menimpa kabel.',
      'Tanggul sungai di dekat {jalan} jebol, air masuk ke permukiman.',
      'Air pasang masuk ke rumah warga di {jalan}, ada lansia yang perlu dievakuasi.',
    ],
    progress: ['Tim reaksi cepat sudah di lokasi.', 'Evakuasi warga sedang berlangsung.'],
    resolved: ['Pohon sudah dipotong dan jalan dapat dilalui.', 'Air sudah surut, warga kembali ke rumah.'],
  },
  listrik: {
    titles: ['Listrik padam di {kelurahan}', 'Mati lampu berjam-jam di {jalan}'],
    texts: [
      'Listrik di {jalan} Kel. {kelurahan} padam sejak {jam} belum menyala.',
      'Mati lampu bergilir hampir setiap hari di {kelurahan}, alat elektronik rusak.',
      'Trafo di {jalan} meledak, listrik satu lingkungan padam.',
    ],
    progress: [],
    resolved: [],
  },
  'air-bersih': {
    titles: ['Air PDAM tidak mengalir di {kelurahan}', 'Air keruh di {jalan}'],
    texts: [
      'Air PDAM di {jalan} tidak mengalir {durasi2}, warga terpaksa beli air.',
      'Air yang keluar dari keran di Kel. {kelurahan} keruh dan berbau.',
      'Pipa PDAM bocor di {jalan} {patokan}, air terbuang ke jalan.',
    ],
    progress: [],
    resolved: [],
  },
  'jalan-nasional': {
    titles: ['Jalan nasional rusak di {jalan}', 'Lubang di jalan lintas {jalan}'],
    texts: [
      'Jalan lintas di {jalan} rusak berat, banyak truk terperosok.',
      'Lubang besar di jalan nasional {jalan} {patokan}, sudah sering terjadi kecelakaan.',
    ],
    progress: [],
    resolved: [],
  },
};

export function wordsFor(category: string): CategoryWords {
  return CATEGORY_WORDS[category] ?? GENERIC;
}

/** Well-known streets per kecamatan, plus lanes found in every neighbourhood. Approximate. */
export const STREETS_BY_KECAMATAN: Record<string, string[]> = {
  'Medan Kota': ['Jl. Sisingamangaraja', 'Jl. Halat', 'Jl. Thamrin', 'Jl. Mahkamah', 'Jl. Turi'],
  'Medan Sunggal': ['Jl. Gatot Subroto', 'Jl. Sunggal', 'Jl. Pinang Baris', 'Jl. Ringroad'],
  'Medan Helvetia': ['Jl. Kapten Sumarsono', 'Jl. Asrama', 'Jl. Gaperta', 'Jl. Helvetia Raya'],
  'Medan Denai': ['Jl. Denai', 'Jl. Garu II', 'Jl. Rawa', 'Jl. Menteng VII'],
  'Medan Barat': ['Jl. Putri Hijau', 'Jl. Glugur', 'Jl. Karya', 'Jl. Sei Deli'],
  'Medan Deli': ['Jl. Titi Papan', 'Jl. KL Yos Sudarso', 'Jl. Alumunium', 'Jl. Pertempuran'],
  'Medan Tuntungan': ['Jl. Jamin Ginting', 'Jl. Bunga Rinte', 'Jl. Setia Budi Ujung', 'Jl. Lau Chi'],
  'Medan Belawan': ['Jl. Sumatera', 'Jl. Stasiun', 'Jl. Selebes', 'Jl. Bagan Deli'],
  'Medan Amplas': ['Jl. Sisingamangaraja Km 7', 'Jl. Garu I', 'Jl. Bajak', 'Jl. Pertahanan'],
  'Medan Area': ['Jl. Medan Area Selatan', 'Jl. Sutrisno', 'Jl. Rahmadsyah', 'Jl. Bakaran Batu'],
  'Medan Johor': ['Jl. Karya Wisata', 'Jl. Eka Rasmi', 'Jl. Brigjen Zein Hamid', 'Jl. Luku'],
  'Medan Marelan': ['Jl. Marelan Raya', 'Jl. Kapten Rahmad Buddin', 'Jl. Marelan IX', 'Jl. Paluh Nibung'],
  'Medan Labuhan': ['Jl. KL Yos Sudarso Km 16', 'Jl. Young Panah Hijau', 'Jl. Pekan Labuhan', 'Jl. Titi Pahlawan'],
  'Medan Tembung': ['Jl. Letda Sujono', 'Jl. Pancing', 'Jl. Bhayangkara', 'Jl. Pukat'],
  'Medan Maimun': ['Jl. Brigjen Katamso', 'Jl. Sultan Ma\'moen Al Rasyid', 'Jl. Kejaksaan', 'Jl. Masjid Raya'],
  'Medan Polonia': ['Jl. Imam Bonjol', 'Jl. Polonia', 'Jl. Starban', 'Jl. Teuku Cik Ditiro'],
  'Medan Baru': ['Jl. Dr. Mansyur', 'Jl. Sei Batang Hari', 'Jl. Gajah Mada', 'Jl. Sei Padang'],
  'Medan Perjuangan': ['Jl. Perjuangan', 'Jl. Pahlawan', 'Jl. Sentosa Baru', 'Jl. Sidorukun'],
  'Medan Petisah': ['Jl. Kota Baru', 'Jl. Rotan', 'Jl. Iskandar Muda', 'Jl. Gatot Subroto'],
  'Medan Timur': ['Jl. Gaharu', 'Jl. Sutomo', 'Jl. Prof. H.M. Yamin', 'Jl. Bilal'],
  'Medan Selayang': ['Jl. Setia Budi', 'Jl. Ngumban Surbakti', 'Jl. Harmonika', 'Jl. Flamboyan'],
};
const LANES = ['Gg. Sepakat', 'Gg. Rukun', 'Gg. Mesjid', 'Gg. Keluarga', 'Gg. Pelita', 'Gg. Damai', 'Jl. Pendidikan', 'Jl. Pasar III', 'Jl. Bersama', 'Gg. Amal'];
const LANDMARKS = [
  'depan sekolah dasar',
  'dekat masjid',
  'samping warung kopi',
  'di simpang jalan',
  'dekat gereja',
  'depan pajak (pasar)',
  'dekat puskesmas',
  'di mulut gang',
  'seberang minimarket',
  'dekat jembatan',
  'depan kantor lurah',
  'di belakang sekolah',
];
const DURATIONS = ['Sudah dua minggu', 'Sudah hampir sebulan', 'Sejak minggu lalu', 'Sudah berbulan-bulan', 'Sejak tiga hari lalu', 'Sudah lama dilaporkan'];
const SHORT_DURATIONS = ['sejak kemarin', 'sudah tiga hari', 'sejak seminggu ini', 'sudah dua malam'];
const LONG_DURATIONS = ['dua minggu lalu', 'sebulan lalu', 'tiga bulan lalu', 'awal tahun'];
const CLOSERS = ['Mohon segera ditindaklanjuti.', 'Terima kasih.', 'Tolong cepat ditangani, Pak/Bu.', 'Mohon perhatian Pemko Medan.', '', ''];
const SOSMED_OPENERS = ['Min, ', 'Mohon info min, ', 'Halo admin, ', ''];

function greeting(hour: number): string {
  if (hour >= 4 && hour < 10) return 'Selamat pagi. ';
  if (hour >= 10 && hour < 15) return 'Selamat siang. ';
  if (hour >= 15 && hour < 18) return 'Selamat sore. ';
  return 'Selamat malam. ';
}

export interface TextPlace {
  kecamatan: string;
  kelurahan: string | null;
  /** WIB hour of submission, for the greeting. */
  hour: number;
}

function fill(template: string, rng: Rng, place: TextPlace, street: string): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    switch (key) {
      case 'jalan':
        return street;
      case 'patokan':
        return rng.pick(LANDMARKS);
      case 'kelurahan':
        return place.kelurahan ?? place.kecamatan;
      case 'kecamatan':
        return place.kecamatan;
      case 'durasi':
        return rng.pick(DURATIONS);
      case 'durasi2':
        return rng.pick(SHORT_DURATIONS);
      case 'durasi3':
        return rng.pick(LONG_DURATIONS);
      case 'panjang':
        return String(rng.int(2, 30) * 10);
      case 'jumlah':
        return String(rng.int(2, 9));
      case 'jam':
        return `pukul ${String(rng.int(0, 23)).padStart(2, '0')}.00`;
      default:
        return key;
    }
  });
}

export function pickStreet(rng: Rng, kecamatan: string): string {
  const streets = STREETS_BY_KECAMATAN[kecamatan];
  return streets && rng.chance(0.7) ? rng.pick(streets) : rng.pick(LANES);
}

/** Title and text for one complaint; social media posts read like social media posts. */
export function complaintText(rng: Rng, category: string, channel: string, place: TextPlace): { title: string; text: string } {
  const words = wordsFor(category);
  const street = pickStreet(rng, place.kecamatan);
  const title = fill(rng.pick(words.titles), rng, place, street);
  let body = fill(rng.pick(words.texts), rng, place, street);
  if (channel === 'SOSMED') body = rng.pick(SOSMED_OPENERS) + body.charAt(0).toLowerCase() + body.slice(1);
  else if (channel === 'CALL') body = `Penelepon melaporkan: ${body}`;
  else if (rng.chance(0.25)) body = greeting(place.hour) + body;
  const closer = rng.pick(CLOSERS);
  return { title, text: closer ? `${body} ${closer}` : body };
}

// ---------------------------------------------------------------- invented people

const GIVEN = [
  'Budi', 'Siti', 'Rina', 'Andi', 'Dewi', 'Fajar', 'Putri', 'Rizky', 'Nur', 'Hendra', 'Yusuf', 'Maria', 'Josua', 'Ruth',
  'Agus', 'Sri', 'Indra', 'Lestari', 'Bayu', 'Wulan', 'Teguh', 'Melati', 'Darwin', 'Lina', 'Fitri', 'Rahmat', 'Desi',
  'Ahmad', 'Irma', 'Samuel', 'Grace', 'Kevin', 'Yohana', 'Dedi', 'Ayu', 'Reza', 'Citra', 'Wahyu', 'Novi', 'Hotman',
];
const FAMILY = [
  'Siregar', 'Nasution', 'Lubis', 'Harahap', 'Sitompul', 'Simanjuntak', 'Ginting', 'Tarigan', 'Sembiring', 'Hasibuan',
  'Pardede', 'Manurung', 'Situmorang', 'Sinaga', 'Damanik', 'Purba', 'Saragih', 'Hutapea', 'Matondang', 'Rangkuti',
  'Pohan', 'Daulay', 'Batubara', 'Panjaitan', 'Silalahi', 'Tanjung', 'Wijaya', 'Santoso', 'Setiawan', 'Kurniawan',
  'Pratama', 'Hidayat', 'Syahputra', 'Saputra', 'Gunawan', 'Halim', 'Tambunan', 'Hutagalung', 'Marpaung', 'Sihombing',
];

export function fakeName(rng: Rng): string {
  return rng.chance(0.12) ? rng.pick(GIVEN) : `${rng.pick(GIVEN)} ${rng.pick(FAMILY)}`;
}

/** Indonesian mobile number shape: +62 8xx, 9-10 more digits. */
export function fakePhone(rng: Rng): string {
  const prefix = rng.pick(['811', '812', '813', '821', '822', '852', '853', '857', '877', '878', '896']);
  let rest = '';
  const n = rng.int(7, 8);
  for (let i = 0; i < n; i++) rest += String(rng.int(0, 9));
  return `+62${prefix}${rest}`;
}

/**
 * A 16-digit NIK in the official shape: 1271 (Kota Medan) + kecamatan digits + birth date
 * DDMMYY (day + 40 for women) + a 4-digit serial. The serial is random, so it identifies nobody.
 */
export function fakeNik(rng: Rng, kecamatanCode: string): string {
  const kec = (kecamatanCode.split('.')[2] ?? '01').padStart(2, '0').slice(-2);
  const day = rng.int(1, 28) + (rng.chance(0.5) ? 40 : 0);
  const month = rng.int(1, 12);
  const year = rng.int(50, 99) % 100;
  const serial = rng.int(1, 9999);
  return `1271${kec}${String(day).padStart(2, '0')}${String(month).padStart(2, '0')}${String(year).padStart(2, '0')}${String(serial).padStart(4, '0')}`;
}

export function fakeEmail(rng: Rng, name: string): string {
  const local = name.toLowerCase().replace(/[^a-z]+/g, '.').replace(/^\.|\.$/g, '');
  return `${local}${rng.int(1, 999)}@example.com`;
}

/** Staff who verify and dispatch at the command center, and OPD field officers. */
const STAFF_GIVEN = ['Rina', 'Yudi', 'Sarah', 'Ferdi', 'Mega', 'Anton', 'Lia', 'Irfan', 'Tiur', 'Bonar', 'Eka', 'Vina'];

export function commandCenterStaff(rng: Rng): string {
  return `${rng.pick(STAFF_GIVEN)} ${rng.pick(FAMILY)} (Operator Command Center)`;
}

export function opdOfficer(rng: Rng, opdCode: string): string {
  return `${rng.pick(GIVEN)} ${rng.pick(FAMILY)} (${opdCode})`;
}
