// Swedish by default, English on request; the choice is remembered in this browser.
import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import { en, sv } from "./locales";

const stored = typeof localStorage !== "undefined" ? localStorage.getItem("styrkort.language") : null;

i18n.use(initReactI18next).init({
  resources: { sv: { translation: sv }, en: { translation: en } },
  lng: stored === "en" ? "en" : "sv",
  fallbackLng: "sv",
  interpolation: { escapeValue: false },
  returnNull: false,
});

function applyLanguage(lng: string) {
  if (typeof document !== "undefined") document.documentElement.lang = lng;
}
applyLanguage(i18n.language);

export function setLanguage(lng: "sv" | "en") {
  localStorage.setItem("styrkort.language", lng);
  i18n.changeLanguage(lng);
  applyLanguage(lng);
}

export default i18n;
