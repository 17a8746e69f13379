ALTER TABLE "categories" ADD COLUMN "name_en" text;--> statement-breakpoint
ALTER TABLE "channels" ADD COLUMN "name_en" text;--> statement-breakpoint
ALTER TABLE "opd" ADD COLUMN "short_name" text;--> statement-breakpoint
-- Deployments seeded before these columns existed get Medan's names (a fresh database is seeded
-- with them); rows an administrator already named are left alone.
UPDATE "opd" SET "short_name" = 'Diskominfo' WHERE "code" = 'DISKOMINFO' AND "short_name" IS NULL;--> statement-breakpoint
UPDATE "opd" SET "short_name" = 'Dinas SDABMBK' WHERE "code" = 'SDABMBK' AND "short_name" IS NULL;--> statement-breakpoint
UPDATE "opd" SET "short_name" = 'Dinas Perkim Cikataru' WHERE "code" = 'PERKIMCIKATARU' AND "short_name" IS NULL;--> statement-breakpoint
UPDATE "opd" SET "short_name" = 'Dishub' WHERE "code" = 'DISHUB' AND "short_name" IS NULL;--> statement-breakpoint
UPDATE "opd" SET "short_name" = 'DLH' WHERE "code" = 'DLH' AND "short_name" IS NULL;--> statement-breakpoint
UPDATE "opd" SET "short_name" = 'Satpol PP' WHERE "code" = 'SATPOLPP' AND "short_name" IS NULL;--> statement-breakpoint
UPDATE "opd" SET "short_name" = 'Damkar' WHERE "code" = 'DAMKAR' AND "short_name" IS NULL;--> statement-breakpoint
UPDATE "opd" SET "short_name" = 'Disdukcapil' WHERE "code" = 'DISDUKCAPIL' AND "short_name" IS NULL;--> statement-breakpoint
UPDATE "opd" SET "short_name" = 'DPMPTSP' WHERE "code" = 'DPMPTSP' AND "short_name" IS NULL;--> statement-breakpoint
UPDATE "opd" SET "short_name" = 'Dinkes' WHERE "code" = 'DINKES' AND "short_name" IS NULL;--> statement-breakpoint
UPDATE "opd" SET "short_name" = 'Disdikbud' WHERE "code" = 'DISDIKBUD' AND "short_name" IS NULL;--> statement-breakpoint
UPDATE "opd" SET "short_name" = 'Dinsos' WHERE "code" = 'DINSOS' AND "short_name" IS NULL;--> statement-breakpoint
UPDATE "opd" SET "short_name" = 'Disnaker' WHERE "code" = 'DISNAKER' AND "short_name" IS NULL;--> statement-breakpoint
UPDATE "opd" SET "short_name" = 'DP3APMP2KB' WHERE "code" = 'DP3APMP2KB' AND "short_name" IS NULL;--> statement-breakpoint
UPDATE "opd" SET "short_name" = 'DKPPP' WHERE "code" = 'DKPPP' AND "short_name" IS NULL;--> statement-breakpoint
UPDATE "opd" SET "short_name" = 'Dinas Koperasi UKM Perindag' WHERE "code" = 'DKUPP' AND "short_name" IS NULL;--> statement-breakpoint
UPDATE "opd" SET "short_name" = 'Dispora' WHERE "code" = 'DISPORA' AND "short_name" IS NULL;--> statement-breakpoint
UPDATE "opd" SET "short_name" = 'Dispusip' WHERE "code" = 'DISPUSIP' AND "short_name" IS NULL;--> statement-breakpoint
UPDATE "opd" SET "short_name" = 'Dispar' WHERE "code" = 'DISPAR' AND "short_name" IS NULL;--> statement-breakpoint
UPDATE "opd" SET "short_name" = 'Bappeda' WHERE "code" = 'BAPPEDA' AND "short_name" IS NULL;--> statement-breakpoint
UPDATE "opd" SET "short_name" = 'BRIDA' WHERE "code" = 'BRIDA' AND "short_name" IS NULL;--> statement-breakpoint
UPDATE "opd" SET "short_name" = 'BKAD' WHERE "code" = 'BKAD' AND "short_name" IS NULL;--> statement-breakpoint
UPDATE "opd" SET "short_name" = 'Bapenda' WHERE "code" = 'BAPENDA' AND "short_name" IS NULL;--> statement-breakpoint
UPDATE "opd" SET "short_name" = 'BKPSDM' WHERE "code" = 'BKPSDM' AND "short_name" IS NULL;--> statement-breakpoint
UPDATE "opd" SET "short_name" = 'BPBD' WHERE "code" = 'BPBD' AND "short_name" IS NULL;--> statement-breakpoint
UPDATE "opd" SET "short_name" = 'Kesbangpol' WHERE "code" = 'KESBANGPOL' AND "short_name" IS NULL;--> statement-breakpoint
UPDATE "opd" SET "short_name" = 'Inspektorat' WHERE "code" = 'INSPEKTORAT' AND "short_name" IS NULL;--> statement-breakpoint
UPDATE "opd" SET "short_name" = 'RSUD Pirngadi' WHERE "code" = 'RSUD-PIRNGADI' AND "short_name" IS NULL;--> statement-breakpoint
UPDATE "categories" SET "name_en" = 'Damaged road / potholes' WHERE "code" = 'jalan-rusak' AND "name_en" IS NULL;--> statement-breakpoint
UPDATE "categories" SET "name_en" = 'Blocked drain / standing water / flooding' WHERE "code" = 'drainase' AND "name_en" IS NULL;--> statement-breakpoint
UPDATE "categories" SET "name_en" = 'Street light out' WHERE "code" = 'lampu-jalan' AND "name_en" IS NULL;--> statement-breakpoint
UPDATE "categories" SET "name_en" = 'Traffic light broken' WHERE "code" = 'lampu-lalu-lintas' AND "name_en" IS NULL;--> statement-breakpoint
UPDATE "categories" SET "name_en" = 'Illegal parking' WHERE "code" = 'parkir-liar' AND "name_en" IS NULL;--> statement-breakpoint
UPDATE "categories" SET "name_en" = 'Rubbish piling up / not collected' WHERE "code" = 'sampah' AND "name_en" IS NULL;--> statement-breakpoint
UPDATE "categories" SET "name_en" = 'Street vendors, illegal buildings, public disorder' WHERE "code" = 'ketertiban' AND "name_en" IS NULL;--> statement-breakpoint
UPDATE "categories" SET "name_en" = 'Building without a permit / zoning' WHERE "code" = 'bangunan-tata-ruang' AND "name_en" IS NULL;--> statement-breakpoint
UPDATE "categories" SET "name_en" = 'Permit services' WHERE "code" = 'perizinan' AND "name_en" IS NULL;--> statement-breakpoint
UPDATE "categories" SET "name_en" = 'ID card, family card, certificates' WHERE "code" = 'adminduk' AND "name_en" IS NULL;--> statement-breakpoint
UPDATE "categories" SET "name_en" = 'Health centres, dengue, health services' WHERE "code" = 'kesehatan' AND "name_en" IS NULL;--> statement-breakpoint
UPDATE "categories" SET "name_en" = 'Primary and junior high schools' WHERE "code" = 'pendidikan' AND "name_en" IS NULL;--> statement-breakpoint
UPDATE "categories" SET "name_en" = 'Social assistance / DTKS' WHERE "code" = 'bansos' AND "name_en" IS NULL;--> statement-breakpoint
UPDATE "categories" SET "name_en" = 'Local taxes (property tax, billboards)' WHERE "code" = 'pajak-daerah' AND "name_en" IS NULL;--> statement-breakpoint
UPDATE "categories" SET "name_en" = 'Domestic violence, child protection' WHERE "code" = 'perempuan-anak' AND "name_en" IS NULL;--> statement-breakpoint
UPDATE "categories" SET "name_en" = 'Employment' WHERE "code" = 'ketenagakerjaan' AND "name_en" IS NULL;--> statement-breakpoint
UPDATE "categories" SET "name_en" = 'Government app or website not working' WHERE "code" = 'layanan-aplikasi' AND "name_en" IS NULL;--> statement-breakpoint
UPDATE "categories" SET "name_en" = 'Fire / rescue' WHERE "code" = 'kebakaran' AND "name_en" IS NULL;--> statement-breakpoint
UPDATE "categories" SET "name_en" = 'Disaster' WHERE "code" = 'bencana' AND "name_en" IS NULL;--> statement-breakpoint
UPDATE "categories" SET "name_en" = 'Power cut' WHERE "code" = 'listrik' AND "name_en" IS NULL;--> statement-breakpoint
UPDATE "categories" SET "name_en" = 'No running water' WHERE "code" = 'air-bersih' AND "name_en" IS NULL;--> statement-breakpoint
UPDATE "categories" SET "name_en" = 'Damaged national road' WHERE "code" = 'jalan-nasional' AND "name_en" IS NULL;--> statement-breakpoint
UPDATE "channels" SET "name_en" = 'Social media' WHERE "code" = 'SOSMED' AND "name_en" IS NULL;--> statement-breakpoint
UPDATE "channels" SET "name_en" = 'Call centre' WHERE "code" = 'CALL' AND "name_en" IS NULL;
