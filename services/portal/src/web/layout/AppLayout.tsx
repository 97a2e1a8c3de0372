import { Button, Layout, Menu, Modal, Space, Tag, Typography } from 'antd';
import { LogoutOutlined, TranslationOutlined } from '@ant-design/icons';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { ROLE_LABELS } from '@jiuzhu/contracts';
import { useAuth } from '../auth/AuthProvider.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { screensFor } from '../navigation.tsx';

const { Header, Sider, Content } = Layout;

/** Header (organisation, person, language, sign-out), the role's menu, and the expired-session prompt. */
export function AppLayout() {
  const { principal, expired, signInAgain, signOut } = useAuth();
  const { t, language, setLanguage } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const screens = screensFor(principal.roles);
  const selected = screens.find((screen) => location.pathname.startsWith(screen.path))?.path;

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Header
        style={{ display: 'flex', alignItems: 'center', gap: 16, paddingInline: 24, background: '#8f1d1d' }}
      >
        <Typography.Title level={4} style={{ color: '#fff', margin: 0, whiteSpace: 'nowrap' }}>
          {t('app.title')}
        </Typography.Title>
        <Space style={{ marginLeft: 'auto', color: '#fff' }} wrap={false}>
          <span data-testid="current-org">{principal.org?.name}</span>
          <span data-testid="current-user">{principal.displayName}</span>
          {principal.roles.map((role) => (
            <Tag key={role}>{ROLE_LABELS[role]}</Tag>
          ))}
          <Button
            icon={<TranslationOutlined />}
            title={t('header.languageLabel')}
            lang={language === 'zh' ? 'en' : 'zh-CN'}
            onClick={() => setLanguage(language === 'zh' ? 'en' : 'zh')}
          >
            {t('header.language')}
          </Button>
          <Button icon={<LogoutOutlined />} onClick={() => void signOut()}>
            {t('header.signOut')}
          </Button>
        </Space>
      </Header>
      <Layout>
        <Sider width={200} theme="light" breakpoint="lg" collapsedWidth={64}>
          <nav aria-label={t('app.title')}>
            <Menu
              mode="inline"
              selectedKeys={selected ? [selected] : []}
              items={screens.map((screen) => ({
                key: screen.path,
                icon: screen.icon,
                label: t(screen.label),
              }))}
              onClick={({ key }) => void navigate(key)}
            />
          </nav>
        </Sider>
        {/* antd's Content renders the page's <main> landmark. */}
        <Content style={{ padding: 24, minWidth: 0 }}>
          <Outlet />
        </Content>
      </Layout>
      <Modal
        open={expired}
        title={t('session.expiredTitle')}
        closable={false}
        maskClosable={false}
        keyboard={false}
        footer={
          <Button type="primary" autoFocus onClick={() => void signInAgain()}>
            {t('session.signInAgain')}
          </Button>
        }
      >
        {t('session.expiredBody')}
      </Modal>
    </Layout>
  );
}
