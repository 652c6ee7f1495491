import { useEffect } from "react";

// Every page names itself in the tab title (WCAG 2.4.2).
export function useTitle(title: string | undefined) {
  useEffect(() => {
    document.title = title ? `${title} – Styrkort` : "Styrkort";
  }, [title]);
}
