// The name lists of `demo-data`: given names (male and female) and family
// names common in Gaza, in Arabic with the Latin spellings registrars use,
// the most common first. Each list is roughly ordered by how common the
// name is; the generator draws from the front more often.

#include <corridor/demo/data.hpp>
#include <corridor/demo/duplicates.hpp>

#include <cctype>

namespace corridor::demo {
namespace {

constexpr DemoName k_male[] = {
    {"محمد", {"Mohammed", "Muhammad", "Mohamad"}},
    {"أحمد", {"Ahmed", "Ahmad", ""}},
    {"محمود", {"Mahmoud", "Mahmud", "Mahmood"}},
    {"خالد", {"Khaled", "Khalid", ""}},
    {"إبراهيم", {"Ibrahim", "Ebrahim", "Ibraheem"}},
    {"يوسف", {"Yousef", "Yusuf", "Youssef"}},
    {"علي", {"Ali", "Aly", ""}},
    {"مصطفى", {"Mustafa", "Mostafa", "Moustafa"}},
    {"عمر", {"Omar", "Umar", ""}},
    {"حسن", {"Hassan", "Hasan", ""}},
    {"خليل", {"Khalil", "Khaleel", ""}},
    {"إسماعيل", {"Ismail", "Ismael", "Esmail"}},
    {"عبد الله", {"Abdullah", "Abdallah", "Abd Allah"}},
    {"عبد الرحمن", {"Abdel Rahman", "Abdulrahman", "Abd al-Rahman"}},
    {"سامي", {"Sami", "Samy", ""}},
    {"سعيد", {"Saeed", "Said", "Saed"}},
    {"حسين", {"Hussein", "Hussain", "Husein"}},
    {"جمال", {"Jamal", "Gamal", ""}},
    {"ناصر", {"Nasser", "Naser", ""}},
    {"رامي", {"Rami", "Ramy", ""}},
    {"فادي", {"Fadi", "Fady", ""}},
    {"وليد", {"Walid", "Waleed", ""}},
    {"عماد", {"Emad", "Imad", ""}},
    {"زياد", {"Ziad", "Ziyad", ""}},
    {"بلال", {"Bilal", "Belal", ""}},
    {"أيمن", {"Ayman", "Aiman", ""}},
    {"أسامة", {"Osama", "Usama", "Osamah"}},
    {"سليمان", {"Suleiman", "Sulaiman", "Soliman"}},
    {"صالح", {"Saleh", "Salih", ""}},
    {"عادل", {"Adel", "Adil", ""}},
    {"ماجد", {"Majed", "Majid", ""}},
    {"رائد", {"Raed", "Ra'ed", ""}},
    {"نبيل", {"Nabil", "Nabeel", ""}},
    {"طارق", {"Tareq", "Tariq", "Tarek"}},
    {"وائل", {"Wael", "Wa'el", ""}},
    {"عصام", {"Essam", "Isam", ""}},
    {"جهاد", {"Jihad", "Jehad", ""}},
    {"نضال", {"Nidal", "Nedal", ""}},
    {"فؤاد", {"Fuad", "Fouad", ""}},
    {"رياض", {"Riyad", "Riad", ""}},
    {"زكريا", {"Zakaria", "Zakariya", ""}},
    {"موسى", {"Mousa", "Musa", ""}},
    {"عيسى", {"Issa", "Eisa", ""}},
    {"يحيى", {"Yahya", "Yehia", ""}},
    {"هشام", {"Hisham", "Hesham", ""}},
    {"منير", {"Munir", "Mounir", ""}},
    {"شادي", {"Shadi", "Shady", ""}},
    {"باسل", {"Basel", "Basil", ""}},
    {"إياد", {"Iyad", "Eyad", ""}},
    {"حمزة", {"Hamza", "Hamzah", ""}},
    {"أنس", {"Anas", "", ""}},
    {"معاذ", {"Moaz", "Muath", "Muadh"}},
    {"عبيدة", {"Obaida", "Ubaida", ""}},
    {"آدم", {"Adam", "", ""}},
    {"كريم", {"Karim", "Kareem", ""}},
    {"يزن", {"Yazan", "", ""}},
    {"أمير", {"Amir", "Ameer", ""}},
    {"سليم", {"Salim", "Saleem", ""}},
    {"جميل", {"Jamil", "Jameel", ""}},
    {"فتحي", {"Fathi", "Fathy", ""}},
    {"رمضان", {"Ramadan", "Ramadhan", ""}},
    {"عطية", {"Atiya", "Attia", "Atiyeh"}},
    {"عوض", {"Awad", "Awadh", ""}},
    {"سالم", {"Salem", "", ""}},
    {"حاتم", {"Hatem", "Hatim", ""}},
    {"منذر", {"Munther", "Monzer", ""}},
    {"مازن", {"Mazen", "Mazin", ""}},
    {"نعيم", {"Naim", "Naeem", ""}},
    {"رفيق", {"Rafiq", "Rafik", ""}},
    {"توفيق", {"Tawfiq", "Tawfik", "Tawfeeq"}},
    {"زهير", {"Zuhair", "Zuheir", ""}},
    {"جابر", {"Jaber", "Jabir", ""}},
    {"أكرم", {"Akram", "", ""}},
    {"عمار", {"Ammar", "Amar", ""}},
    {"تامر", {"Tamer", "Tamir", ""}},
    {"لؤي", {"Louay", "Luay", ""}},
    {"غسان", {"Ghassan", "", ""}},
    {"مؤمن", {"Moamen", "Momen", "Mumin"}},
    {"سعد", {"Saad", "Sa'ad", ""}},
    {"عبد الكريم", {"Abdel Karim", "Abdulkarim", ""}},
    {"عبد العزيز", {"Abdel Aziz", "Abdulaziz", ""}},
    {"عبد الرحيم", {"Abdel Rahim", "Abdulrahim", ""}},
    {"كمال", {"Kamal", "", ""}},
    {"هاني", {"Hani", "Hany", ""}},
};

constexpr DemoName k_female[] = {
    {"فاطمة", {"Fatima", "Fatma", "Fatmeh"}},
    {"مريم", {"Maryam", "Mariam", "Miriam"}},
    {"نور", {"Nour", "Noor", "Nur"}},
    {"آمنة", {"Amna", "Amneh", ""}},
    {"عائشة", {"Aisha", "Aysha", "Ayesha"}},
    {"خديجة", {"Khadija", "Khadijeh", ""}},
    {"سارة", {"Sara", "Sarah", ""}},
    {"زينب", {"Zainab", "Zeinab", ""}},
    {"هدى", {"Huda", "Hoda", ""}},
    {"أسماء", {"Asmaa", "Asma", ""}},
    {"إيمان", {"Iman", "Eman", ""}},
    {"سلمى", {"Salma", "", ""}},
    {"رنا", {"Rana", "", ""}},
    {"ريم", {"Reem", "Rim", ""}},
    {"ليلى", {"Layla", "Leila", "Laila"}},
    {"هبة", {"Heba", "Hiba", ""}},
    {"دعاء", {"Doaa", "Duaa", ""}},
    {"آلاء", {"Alaa", "Ala'a", ""}},
    {"إسراء", {"Israa", "Esraa", ""}},
    {"سماح", {"Samah", "", ""}},
    {"منى", {"Mona", "Muna", ""}},
    {"رهف", {"Rahaf", "", ""}},
    {"جنى", {"Jana", "Janna", ""}},
    {"لين", {"Leen", "Lin", ""}},
    {"ملك", {"Malak", "", ""}},
    {"روان", {"Rawan", "", ""}},
    {"شهد", {"Shahd", "Shahed", ""}},
    {"ياسمين", {"Yasmin", "Yasmeen", ""}},
    {"هالة", {"Hala", "", ""}},
    {"سعاد", {"Suad", "Souad", ""}},
    {"نادية", {"Nadia", "Nadya", ""}},
    {"وفاء", {"Wafaa", "Wafa", ""}},
    {"صفاء", {"Safaa", "Safa", ""}},
    {"رشا", {"Rasha", "", ""}},
    {"لبنى", {"Lubna", "Lobna", ""}},
    {"حنان", {"Hanan", "", ""}},
    {"سهام", {"Siham", "Seham", ""}},
    {"نجلاء", {"Najlaa", "Naglaa", ""}},
    {"أمل", {"Amal", "", ""}},
    {"عبير", {"Abeer", "Abir", ""}},
    {"غادة", {"Ghada", "", ""}},
    {"ميساء", {"Maysaa", "Maisa", ""}},
    {"رغد", {"Raghad", "", ""}},
    {"بيسان", {"Bisan", "Baisan", ""}},
    {"تسنيم", {"Tasneem", "Tasnim", ""}},
    {"هديل", {"Hadeel", "Hadil", ""}},
    {"إسلام", {"Islam", "Eslam", ""}},
    {"نسرين", {"Nisreen", "Nesrin", ""}},
    {"سمر", {"Samar", "", ""}},
    {"رولا", {"Rula", "Roula", ""}},
    {"ديما", {"Dima", "", ""}},
    {"لانا", {"Lana", "", ""}},
    {"جميلة", {"Jamila", "Jamileh", ""}},
    {"حليمة", {"Halima", "Halimeh", ""}},
    {"صبحية", {"Subhiya", "Sobhia", ""}},
    {"نعمة", {"Neama", "Ni'ma", ""}},
    {"سميرة", {"Samira", "Sameera", ""}},
    {"ختام", {"Khitam", "Khetam", ""}},
    {"انتصار", {"Intisar", "Entisar", ""}},
    {"نهى", {"Noha", "Nuha", ""}},
    {"هيفاء", {"Haifa", "Hayfaa", ""}},
    {"رزان", {"Razan", "", ""}},
    {"ضحى", {"Doha", "Duha", ""}},
    {"مرح", {"Marah", "", ""}},
    {"تالا", {"Tala", "", ""}},
    {"ريما", {"Rima", "Reema", ""}},
    {"يارا", {"Yara", "", ""}},
    {"لمى", {"Lama", "", ""}},
    {"بتول", {"Batoul", "Batool", ""}},
    {"شيماء", {"Shaimaa", "Shaima", ""}},
    {"أسيل", {"Aseel", "Asil", ""}},
    {"ولاء", {"Walaa", "Wala'a", ""}},
    {"نسمة", {"Nesma", "Nasma", ""}},
    {"فداء", {"Fidaa", "Fida", ""}},
    {"عبلة", {"Abla", "", ""}},
    {"سناء", {"Sanaa", "Sana", ""}},
    {"رحاب", {"Rehab", "Rihab", ""}},
    {"ابتسام", {"Ibtisam", "Ebtesam", ""}},
    {"وداد", {"Widad", "Wedad", ""}},
    {"كوثر", {"Kawthar", "Kawther", ""}},
    {"زهرة", {"Zahra", "Zahraa", ""}},
};

constexpr DemoName k_family[] = {
    {"المصري", {"al-Masri", "El-Masri", "Almasri"}},
    {"أبو شمالة", {"Abu Shamala", "Abushamala", "Abu Shamalah"}},
    {"النجار", {"al-Najjar", "Al-Najar", "Elnajjar"}},
    {"شراب", {"Shurrab", "Shorrab", "Sharab"}},
    {"أبو جراد", {"Abu Jarad", "Abujarad", ""}},
    {"حمدان", {"Hamdan", "", ""}},
    {"أبو نحل", {"Abu Nahl", "Abunahl", ""}},
    {"الأسطل", {"al-Astal", "Al-Astal", "Elastal"}},
    {"حلس", {"Hillis", "Helles", "Hiles"}},
    {"دغمش", {"Dughmush", "Doghmosh", "Daghmash"}},
    {"الكرد", {"al-Kurd", "El-Kurd", "Alkurd"}},
    {"برهوم", {"Barhoum", "Barhum", ""}},
    {"أبو ندى", {"Abu Nada", "Abunada", ""}},
    {"حجازي", {"Hijazi", "Hegazy", "Hejazi"}},
    {"عاشور", {"Ashour", "Ashur", ""}},
    {"الشوا", {"al-Shawa", "Al-Shawwa", "Elshawa"}},
    {"الريس", {"al-Rayyes", "Al-Rayes", ""}},
    {"سكيك", {"Skaik", "Sekeik", "Skeik"}},
    {"الخضري", {"al-Khodari", "Al-Khudari", "Elkhodary"}},
    {"أبو مدين", {"Abu Middain", "Abu Madyan", "Abumedein"}},
    {"الحلو", {"al-Helou", "Al-Hilu", "Elhelou"}},
    {"الغول", {"al-Ghoul", "Al-Ghul", ""}},
    {"البطش", {"al-Batsh", "Al-Batch", ""}},
    {"السقا", {"al-Saqqa", "Al-Saqa", "Elsakka"}},
    {"الطويل", {"al-Tawil", "Al-Taweel", ""}},
    {"أبو حصيرة", {"Abu Hasira", "Abu Hassira", ""}},
    {"أبو عيطة", {"Abu Eita", "Abu Aita", ""}},
    {"أبو سلمية", {"Abu Salmiya", "Abu Salmia", ""}},
    {"أبو ستة", {"Abu Sitta", "Abusitta", ""}},
    {"الفرا", {"al-Farra", "Al-Farra", "Elfarra"}},
    {"الأغا", {"al-Agha", "Al-Agha", "Elagha"}},
    {"أبو طه", {"Abu Taha", "Abutaha", ""}},
    {"أبو مصطفى", {"Abu Mustafa", "Abu Mostafa", ""}},
    {"قديح", {"Qdeih", "Qudaih", "Kdeih"}},
    {"أبو رجيلة", {"Abu Rjeila", "Abu Rujaila", ""}},
    {"أبو دقة", {"Abu Daqqa", "Abu Dagga", "Abudaka"}},
    {"بربخ", {"Barbakh", "Barbach", ""}},
    {"زعرب", {"Zorob", "Zourob", "Zo'rob"}},
    {"الهمص", {"al-Hams", "Al-Hammas", "Elhams"}},
    {"أبو لبدة", {"Abu Libda", "Abu Lebda", ""}},
    {"جودة", {"Jouda", "Joudeh", "Judah"}},
    {"أبو عمرة", {"Abu Amra", "Abu Omra", ""}},
    {"أبو حسنين", {"Abu Hasanein", "Abu Hassanein", ""}},
    {"البردويل", {"al-Bardawil", "Bardaweel", ""}},
    {"الزهار", {"al-Zahar", "Al-Zahhar", ""}},
    {"هنية", {"Haniyeh", "Haniya", "Hanieh"}},
    {"الرنتيسي", {"al-Rantisi", "Al-Rantissi", ""}},
    {"صيام", {"Siam", "Siyam", "Seyam"}},
    {"أبو سيف", {"Abu Saif", "Abu Seif", ""}},
    {"أبو عودة", {"Abu Odeh", "Abu Ouda", "Abu Awda"}},
    {"أبو حمد", {"Abu Hamad", "", ""}},
    {"عقل", {"Aql", "Akel", "Aqel"}},
    {"الدحدوح", {"al-Dahdouh", "Al-Dahdooh", "Dahdouh"}},
    {"حمادة", {"Hamada", "Hammadeh", ""}},
    {"البنا", {"al-Banna", "Al-Bana", "Elbanna"}},
    {"الجمل", {"al-Jamal", "Al-Gamal", "Eljamal"}},
    {"أبو العوف", {"Abu al-Ouf", "Abu Alouf", ""}},
    {"ياسين", {"Yassin", "Yaseen", ""}},
    {"عابد", {"Abed", "Abid", ""}},
    {"أبو كميل", {"Abu Kmeil", "Abu Kumail", ""}},
    {"قشطة", {"Qishta", "Kishta", "Qeshta"}},
    {"أبو الخير", {"Abu al-Khair", "Abul Khair", ""}},
    {"البرش", {"al-Borsh", "Al-Bursh", ""}},
    {"المدهون", {"al-Madhoun", "Al-Madhun", "Elmadhoun"}},
    {"أبو هين", {"Abu Hein", "Abuhein", ""}},
    {"الشاعر", {"al-Shaer", "Al-Sha'er", "Elshaer"}},
    {"أبو شعبان", {"Abu Shaaban", "Abu Sha'ban", ""}},
    {"أبو سمرة", {"Abu Samra", "Abusamra", ""}},
    {"أبو العطا", {"Abu al-Ata", "Abu Alata", ""}},
    {"أبو حسين", {"Abu Hussein", "Abu Hussain", ""}},
    {"أبو زيد", {"Abu Zaid", "Abu Zeid", ""}},
    {"الطناني", {"al-Tanani", "Al-Tanany", ""}},
    {"المغني", {"al-Mughanni", "Al-Moghanni", ""}},
    {"حمد", {"Hamad", "", ""}},
    {"الشنطي", {"al-Shanti", "Al-Shanty", ""}},
    {"أبو الكاس", {"Abu al-Kas", "Abul Kas", ""}},
    {"عياد", {"Ayyad", "Ayad", ""}},
    {"أبو مطر", {"Abu Matar", "Abumatar", ""}},
    {"الفيومي", {"al-Fayoumi", "Al-Fayyumi", ""}},
    {"الوادية", {"al-Wadiya", "Al-Wadia", ""}},
    {"الغلبان", {"al-Ghalban", "Al-Ghalban", ""}},
    {"أبو جزر", {"Abu Jazar", "Abujazar", ""}},
    {"الشيخ خليل", {"al-Sheikh Khalil", "El-Sheikh Khalil", ""}},
    {"شبير", {"Shbair", "Shubeir", "Shbeir"}},
    {"أبو عاصي", {"Abu Assi", "Abu Asi", ""}},
    {"الكحلوت", {"al-Kahlout", "Al-Kahlut", "Kahlout"}},
    {"أبو قمر", {"Abu Qamar", "Abu Kamar", ""}},
    {"أبو شرخ", {"Abu Sharkh", "Abusharkh", ""}},
    {"المقادمة", {"al-Maqadma", "Al-Maqadmeh", ""}},
    {"حماد", {"Hammad", "Hamad", ""}},
    {"الصوراني", {"al-Sourani", "Al-Surani", ""}},
    {"أبو رمضان", {"Abu Ramadan", "Aburamadan", ""}},
    {"الخطيب", {"al-Khatib", "Al-Khateeb", "Elkhatib"}},
    {"أبو عيشة", {"Abu Aisha", "Abu Eisha", ""}},
    {"السويركي", {"al-Sweirki", "Al-Suwairki", ""}},
    {"نصار", {"Nassar", "Nasar", ""}},
    {"عبد ربه", {"Abed Rabbo", "Abd Rabbo", "Abdrabbo"}},
    {"النخالة", {"al-Nakhala", "Al-Nakhaleh", ""}},
    {"الحية", {"al-Hayya", "Al-Haya", ""}},
    {"أبو ركاب", {"Abu Rukab", "Abu Rkab", ""}},
    {"الحداد", {"al-Haddad", "Al-Hadad", "Elhaddad"}},
    {"الغندور", {"al-Ghandour", "Ghandour", ""}},
    {"مهنا", {"Muhanna", "Mhanna", ""}},
    {"أبو العمرين", {"Abu al-Omrein", "Abu Alomrain", ""}},
    {"الكفارنة", {"al-Kafarna", "Al-Kafarneh", ""}},
    {"أبو عبيد", {"Abu Obeid", "Abu Ubaid", ""}},
    {"الزعانين", {"al-Zaanin", "Al-Za'anin", ""}},
    {"الحايك", {"al-Hayek", "Al-Hayek", "Elhayek"}},
    {"البسيوني", {"al-Basyouni", "Al-Basiouni", ""}},
    {"أبو حليمة", {"Abu Halima", "Abu Haleema", ""}},
    {"أبو وطفة", {"Abu Watfa", "Abu Wutfa", ""}},
    {"العطار", {"al-Attar", "Al-Atar", "Elattar"}},
    {"أبو شنب", {"Abu Shanab", "Abushanab", ""}},
    {"الأشقر", {"al-Ashqar", "Al-Ashkar", ""}},
    {"وادي", {"Wadi", "Wady", ""}},
    {"شعث", {"Shaath", "Sha'ath", ""}},
    {"مشتهى", {"Mushtaha", "Moshtaha", ""}},
    {"جندية", {"Jundiya", "Jendeya", ""}},
    {"الدلو", {"al-Dalou", "Al-Dalu", ""}},
    {"كلاب", {"Kullab", "Kallab", ""}},
    {"المبحوح", {"al-Mabhouh", "Al-Mabhuh", ""}},
    {"أبو جبل", {"Abu Jabal", "Abujabal", ""}},
    {"الشوربجي", {"al-Shorbaji", "Al-Shorbagy", ""}},
};

}  // namespace

std::span<const DemoName> demo_male_names() { return k_male; }
std::span<const DemoName> demo_female_names() { return k_female; }
std::span<const DemoName> demo_family_names() { return k_family; }

namespace {

bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
char lower(char c) { return is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c; }

// "Abu Shaaban" -> "Abushaaban": the particle joined to the next word.
bool join_abu(std::string& s) {
  const std::size_t at = s.find("Abu ");
  if (at == std::string::npos || at + 4 >= s.size() || !is_upper(s[at + 4])) return false;
  s.erase(at + 3, 1);
  s[at + 3] = lower(s[at + 3]);
  return true;
}

// "al-Khatib" -> "El-Khatib", "Al-Khatib" -> "el-Khatib", or the article dropped.
bool vary_article(std::string& s, bool drop) {
  for (std::string_view a : {"al-", "Al-"}) {
    const std::size_t at = s.find(a);
    if (at == std::string::npos || (at > 0 && s[at - 1] != ' ')) continue;
    if (drop)
      s.erase(at, 3);
    else
      s.replace(at, 3, a[0] == 'a' ? "El-" : "el-");
    return true;
  }
  return false;
}

// The first doubled letter made single: "Shaaban" -> "Shaban", "Hassan" -> "Hasan".
bool single_letter(std::string& s) {
  for (std::size_t i = 1; i < s.size(); ++i)
    if (s[i] == s[i - 1] && std::isalpha(static_cast<unsigned char>(s[i]))) {
      s.erase(i, 1);
      return true;
    }
  return false;
}

bool replace_first(std::string& s, std::string_view from, std::string_view to) {
  const std::size_t at = s.find(from);
  if (at == std::string::npos) return false;
  s.replace(at, from.size(), to);
  return true;
}

void replace_all(std::string& s, std::string_view from, std::string_view to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
}

}  // namespace

std::vector<std::string_view> vary_latin_name(std::string& name, DemoRng& rng) {
  std::vector<std::string_view> tags;
  // One draw a statement: the order of evaluation of operands is unspecified.
  const bool abu = rng.chance(0.5), drop = rng.chance(0.3), article = rng.chance(0.5);
  const bool single = rng.chance(0.3), ou = rng.chance(0.3), caps = rng.chance(0.15);
  if (abu && join_abu(name)) tags.push_back("abu-joined");
  if (article && vary_article(name, drop)) tags.push_back(drop ? "no-article" : "el-article");
  if (single && single_letter(name)) tags.push_back("single-letter");
  if (ou && (replace_first(name, "ou", "u") || replace_first(name, "ei", "ay")))
    tags.push_back("ou-u");
  if (caps) {
    for (char& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    tags.push_back("capitals");
  }
  return tags;
}

void vary_arabic_name(std::string& name) {
  replace_all(name, "\u0623", "\u0627");  // alef with hamza above -> alef
  replace_all(name, "\u0625", "\u0627");  // alef with hamza below -> alef
  replace_all(name, "\u0629", "\u0647");  // ta marbuta -> ha
  replace_all(name, "\u0649", "\u064A");  // alef maqsura -> ya
}

}  // namespace corridor::demo
