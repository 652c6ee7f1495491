import React from "react";
import ReactDOM from "react-dom/client";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { RouterProvider, createBrowserRouter } from "react-router-dom";
import "./i18n";
import "./styles.css";
import "./risk.css";
import "./reporting-round.css";
import { Layout } from "./components/Layout";
import { PlansPage } from "./pages/PlansPage";

// Route-level code splitting: the first load carries the frame and the list of plans;
// every other page (and what only it needs: Chart.js, Markdown, the table library) is
// fetched when it is first opened.
const page = <K extends string>(name: K, load: () => Promise<Record<K, React.ComponentType>>) =>
  React.lazy(() => load().then((m) => ({ default: m[name] })));
const PlanOverviewPage = page("PlanOverviewPage", () => import("./pages/PlanOverviewPage"));
const CascadePage = page("CascadePage", () => import("./pages/CascadePage"));
const GoalPage = page("GoalPage", () => import("./pages/GoalPage"));
const ActivityPage = page("ActivityPage", () => import("./pages/ActivityPage"));
const FollowUpPage = page("FollowUpPage", () => import("./pages/FollowUpPage"));
const MeasurePage = page("MeasurePage", () => import("./pages/MeasurePage"));
const SearchPage = page("SearchPage", () => import("./pages/SearchPage"));
const ScorecardPage = page("ScorecardPage", () => import("./pages/ScorecardPage"));
const NotFoundPage = page("NotFoundPage", () => import("./pages/NotFoundPage"));
const LoginPage = page("LoginPage", () => import("./pages/LoginPage"));
const EconomyPage = page("EconomyPage", () => import("./pages/EconomyPage"));
const InvestmentRequestsPage = page("InvestmentRequestsPage", () => import("./pages/InvestmentRequestsPage"));
const ImportPage = page("ImportPage", () => import("./pages/ImportPage"));
const ReportsPage = page("ReportsPage", () => import("./pages/ReportsPage"));
const PlanVersionsPage = page("PlanVersionsPage", () => import("./pages/PlanVersionsPage"));
const PlanComparePage = page("PlanComparePage", () => import("./pages/PlanComparePage"));
const PropertyInvestmentsPage = page("PropertyInvestmentsPage", () => import("./pages/PropertyInvestmentsPage"));
const RiskPage = page("RiskPage", () => import("./pages/RiskPage"));
const RiskWorkshopPage = page("RiskWorkshopPage", () => import("./pages/RiskWorkshopPage"));
const InternalControlPage = page("InternalControlPage", () => import("./pages/InternalControlPage"));
const InternalControlReportPage = page("InternalControlReportPage", () => import("./pages/InternalControlReportPage"));
const PlanEditPage = page("PlanEditPage", () => import("./pages/PlanEditPage"));
const KoladaPage = page("KoladaPage", () => import("./pages/KoladaPage"));
const HomePage = page("HomePage", () => import("./pages/HomePage"));
const CompletenessPage = page("CompletenessPage", () => import("./pages/CompletenessPage"));
const NotificationsPage = page("NotificationsPage", () => import("./pages/NotificationsPage"));
const ReminderRulesPage = page("ReminderRulesPage", () => import("./pages/ReminderRulesPage"));
const UnsubscribePage = page("UnsubscribePage", () => import("./pages/UnsubscribePage"));
const AccountPage = page("AccountPage", () => import("./pages/AccountPage"));

const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: 30_000, refetchOnWindowFocus: false } } });

const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      { path: "/", element: <PlansPage /> },
      { path: "/plans/:planId", element: <PlanOverviewPage /> },
      { path: "/plans/:planId/cascade", element: <CascadePage /> },
      { path: "/plans/:planId/goals/:goalId", element: <GoalPage /> },
      { path: "/plans/:planId/activities/:activityId", element: <ActivityPage /> },
      { path: "/plans/:planId/activities/:activityId/follow-up", element: <FollowUpPage /> },
      { path: "/plans/:planId/measures/:measureId", element: <MeasurePage /> },
      { path: "/plans/:planId/measures/:measureId/kolada", element: <KoladaPage /> },
      { path: "/plans/:planId/search", element: <SearchPage /> },
      { path: "/plans/:planId/scorecard", element: <ScorecardPage /> },
      { path: "/plans/:planId/economy", element: <EconomyPage /> },
      { path: "/plans/:planId/economy/requests", element: <InvestmentRequestsPage /> },
      { path: "/plans/:planId/economy/property", element: <PropertyInvestmentsPage /> },
      { path: "/plans/:planId/risks", element: <RiskPage /> },
      { path: "/plans/:planId/risks/workshop", element: <RiskWorkshopPage /> },
      { path: "/plans/:planId/risks/internal-control", element: <InternalControlPage /> },
      { path: "/plans/:planId/risks/internal-control/report", element: <InternalControlReportPage /> },
      { path: "/plans/:planId/import", element: <ImportPage /> },
      { path: "/plans/:planId/reports", element: <ReportsPage /> },
      { path: "/plans/:planId/versions", element: <PlanVersionsPage /> },
      { path: "/plans/:planId/compare", element: <PlanComparePage /> },
      { path: "/plans/:planId/edit", element: <PlanEditPage /> },
      { path: "/todo", element: <HomePage /> },
      { path: "/completeness", element: <CompletenessPage /> },
      { path: "/login", element: <LoginPage /> },
      { path: "/account", element: <AccountPage /> },
      { path: "/notifications", element: <NotificationsPage /> },
      { path: "/reporting-periods/:periodId/reminders", element: <ReminderRulesPage /> },
      { path: "/unsubscribe", element: <UnsubscribePage /> },
      { path: "*", element: <NotFoundPage /> },
    ],
  },
]);

ReactDOM.createRoot(document.getElementById("root")!).render(
  <React.StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </React.StrictMode>,
);
